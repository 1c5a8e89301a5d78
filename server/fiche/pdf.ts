// The fiche RCP as a PDF (issue 11 §7; decision 095: pdfmake, server-side, text extractable).
// What French practice puts on the fiche (clinical.md §8.2; glossary "fiche RCP"): the board and
// date, the participants with their specialties, the quorum, the patient's identity, the
// referring physician, the question and summary, the lesion table with every score and category,
// the proposal per lesion and the systemic decision, follow-up, guideline and departures, trial,
// patient informed, signature and version. Every word comes from the caller's FicheText (the
// app's catalogues), every date from its date writer: the PDF holds no ISO date.
import { createRequire } from "node:module";
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import {
  BTA_AGENT_LABELS,
  CLINICAL_TRIALS,
  LESION_TYPE_LABELS,
  localTreatment,
  PAUSE_REASON_LABELS,
} from "../../app/domain";
import { IMAGING_MODALITY_LABELS } from "../../app/domain/board/schema";
import type { Attendee } from "../../app/domain/meeting/quorum";
import { type FicheInput, parseFicheInput } from "./input";
import { type FicheText, pick } from "./text";

// pdfmake is CommonJS (module.exports = an instance): require it, which works the same under tsx,
// vitest and the esbuild bundle (node_modules stay external there, so its font paths resolve).
const require = createRequire(import.meta.url);
const pdfmake: typeof import("pdfmake") = require("pdfmake");

// Roboto, shipped by pdfmake: its TrueType files cover Latin-1 and the signs the fiche prints
// (é, °, ≥, —), and pdfmake embeds them with a ToUnicode map so the text can be extracted.
const ROBOTO = {
  normal: require.resolve("pdfmake/fonts/Roboto/Roboto-Regular.ttf"),
  bold: require.resolve("pdfmake/fonts/Roboto/Roboto-Medium.ttf"),
  italics: require.resolve("pdfmake/fonts/Roboto/Roboto-Italic.ttf"),
  bolditalics: require.resolve("pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf"),
};
pdfmake.setFonts({ Roboto: ROBOTO });
// The fiche embeds no image or remote resource: pdfmake may read its four font files and nothing
// else, and no URL (a document definition built from data must not reach the network or disk).
const FONT_FILES = new Set(Object.values(ROBOTO));
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path));

function specialtyName(s: string | null, text: FicheText): string {
  return s ? text.t(`admin.specialties.${s}`) : text.t("common.none");
}

function heading(s: string): Content {
  return { text: s, style: "h2" };
}

/** "Label : value" in French typography (space before the colon), "Label: value" in English. */
function field(label: string, value: string, text: FicheText): Content {
  return {
    text: [{ text: text.t("fiche.fieldLabel", { label }), bold: true }, value],
    margin: [0, 1, 0, 1],
  };
}

function table(headers: string[], rows: TableCell[][], widths: (string | number)[]): Content {
  return {
    table: {
      headerRows: 1,
      widths,
      body: [headers.map((h) => ({ text: h, bold: true })), ...rows],
    },
    layout: "lightHorizontalLines",
    margin: [0, 2, 0, 6],
  };
}

function participantRow(a: Attendee, text: FicheText): TableCell[] {
  const name = a.kind === "guest" ? `${a.name} (${text.t("fiche.guest")})` : a.name;
  return [name, specialtyName(a.specialty, text), text.t(`fiche.presences.${a.presence}`)];
}

function lesionRows(f: FicheInput, text: FicheText): TableCell[][] {
  return f.version.lesionTable.map((row) => {
    const scores = row.scores
      .map(
        (s) => `${text.t(`fiche.scores.${s.score}`)} ${s.value} (${pick(s.categoryLabel, text)})`,
      )
      .join("\n");
    const fe: string[] = [];
    if (row.feFailureLoad_N !== null)
      fe.push(text.t("fiche.feFailureLoad", { value: text.integer(row.feFailureLoad_N) }));
    const loss = f.feStrengthLoss_pct[row.lesionId];
    if (loss !== undefined) fe.push(text.t("fiche.feStrengthLoss", { value: loss.toFixed(0) }));
    return [
      pick(row.site, text),
      row.lesionType ? pick(LESION_TYPE_LABELS[row.lesionType], text) : text.t("common.none"),
      scores || text.t("common.none"),
      fe.join("\n") || text.t("common.none"),
    ];
  });
}

function proposalRows(f: FicheInput, text: FicheText): TableCell[][] {
  const siteOf = new Map(f.version.lesionTable.map((r) => [r.lesionId, pick(r.site, text)]));
  return f.version.decision.lesions.map((l) => [
    siteOf.get(l.lesionId) ?? l.lesionId,
    pick(localTreatment(l.action).label, text) + (l.note ? `\n${l.note}` : ""),
    l.targetDate ? text.date(l.targetDate) : text.t("fiche.noTarget"),
    specialtyName(l.responsibleSpecialty, text),
    l.triggers.map((id) => text.t(`fiche.triggers.${id}`)).join("\n") || text.t("common.none"),
  ]);
}

function systemicLines(f: FicheInput, text: FicheText): Content[] {
  const s = f.version.decision.systemic;
  const lines: Content[] = [{ text: text.t(`fiche.systemic.${s.action}`), bold: true }];
  if (s.action === "initiate" || s.action === "switch") {
    const agent = pick(BTA_AGENT_LABELS[s.agent], text);
    lines.push(
      s.dose_mg === undefined
        ? text.t("fiche.systemicRegimenDoseToSet", { agent, weeks: s.intervalWeeks })
        : text.t("fiche.systemicRegimen", { agent, dose: s.dose_mg, weeks: s.intervalWeeks }),
    );
  }
  // The start gates still to meet, each with its source (decision 119).
  const conditions = f.version.systemicConditions;
  if (conditions.length > 0)
    lines.push(
      { text: text.t("fiche.systemicConditions"), bold: true },
      {
        ul: conditions.map((c) =>
          text.t("fiche.systemicCondition", { label: pick(c.label, text), source: c.source }),
        ),
      },
    );
  if (s.action === "pause")
    lines.push(text.t("fiche.pauseReason", { reason: pick(PAUSE_REASON_LABELS[s.reason], text) }));
  return lines;
}

/** "Version 2, signée le 01/12/2026 15:42": on the first page and in the signature block. */
function versionLine(f: FicheInput, text: FicheText): string {
  const v = f.version;
  const signed = text.t("fiche.signedAt", { date: text.dateTime(v.signedAt) });
  return `${text.t("fiche.version", { n: v.version })}, ${signed}`;
}

function yesNo(v: boolean, text: FicheText): string {
  return text.t(v ? "fiche.yes" : "fiche.no");
}

/** The pdfmake document of a fiche (exported for tests of the layout's content). */
export function ficheDocument(f: FicheInput, text: FicheText): TDocumentDefinitions {
  const v = f.version;
  const d = v.decision;
  const q = v.quorum;
  const trial = d.trial.proposed ? CLINICAL_TRIALS[d.trial.trialId] : null;
  const content: Content[] = [
    { text: text.t("fiche.title"), style: "h1" },
    field(text.t("fiche.board"), `${f.rcp.name} — ${f.rcp.institution}`, text),
    field(text.t("fiche.meetingDate"), text.date(f.meetingDate), text),
    { text: versionLine(f, text), bold: true },
    heading(text.t("fiche.patientTitle")),
    field(
      text.t("fiche.name"),
      `${f.patient.familyName.toUpperCase()} ${f.patient.givenName}`,
      text,
    ),
    field(text.t("fiche.birthDate"), text.date(f.patient.birthDate), text),
    field(text.t("fiche.sex"), text.t(`patient.sexes.${f.patient.sex}`), text),
    field(text.t("fiche.hospitalId"), f.patient.hospitalId, text),
    field(text.t("fiche.referringPhysician"), f.referringPhysician, text),
    field(text.t("fiche.question"), f.question, text),
    field(text.t("fiche.summary"), f.summary ?? text.t("common.notGiven"), text),
    heading(text.t("fiche.participantsTitle")),
    table(
      [text.t("fiche.participant"), text.t("fiche.specialty"), text.t("fiche.presence")],
      // Who took part, and the physicians who were expected but absent; absent non-physician
      // members of the RCP (secretaries, observers) are not participants of the meeting.
      v.attendance
        .filter((a) => a.presence !== "absent" || a.physician)
        .map((a) => participantRow(a, text)),
      ["*", "*", "*"],
    ),
    heading(text.t("fiche.quorumTitle")),
    {
      text: q.met
        ? text.t("fiche.quorumMet", { count: q.specialtiesPresent.length })
        : text.t("fiche.quorumNotMet"),
      bold: !q.met,
    },
    ...q.gaps.map((g): Content => ({ text: pick(g.label, text), margin: [10, 0, 0, 0] })),
    heading(text.t("fiche.lesionsTitle")),
    table(
      [
        text.t("fiche.site"),
        text.t("fiche.type"),
        text.t("fiche.scoresHeader"),
        text.t("fiche.feHeader"),
      ],
      lesionRows(f, text),
      ["*", "auto", "*", "auto"],
    ),
    heading(text.t("fiche.proposalTitle")),
    table(
      [
        text.t("fiche.site"),
        text.t("fiche.action"),
        text.t("fiche.targetDate"),
        text.t("fiche.responsible"),
        text.t("fiche.triggersHeader"),
      ],
      proposalRows(f, text),
      ["*", "*", "auto", "auto", "auto"],
    ),
    heading(text.t("fiche.systemicTitle")),
    ...systemicLines(f, text),
    heading(text.t("fiche.followUpTitle")),
    ...(d.imagingFollowUp.length === 0
      ? [text.t("fiche.noFollowUp")]
      : d.imagingFollowUp.map((i) =>
          text.t("fiche.followUpItem", {
            modality: pick(IMAGING_MODALITY_LABELS[i.modality], text),
            date: text.date(i.dueDate),
          }),
        )),
    heading(text.t("fiche.guidelineTitle")),
    text.t("fiche.guidelineFollowed", { text: d.guideline.followed }),
    ...(d.guideline.departures.length === 0
      ? [text.t("fiche.noDeparture")]
      : d.guideline.departures.map(
          (x): Content => ({
            text: text.t("fiche.departure", { what: x.what, reason: x.reason }),
            bold: true,
          }),
        )),
    heading(text.t("fiche.trialTitle")),
    trial
      ? text.t("fiche.trialProposed", {
          id: trial.id,
          nct: trial.nct,
          title: pick(trial.title, text),
        })
      : text.t("fiche.trialNotProposed"),
    heading(text.t("fiche.informationTitle")),
    text.t("fiche.patientInformed", { value: yesNo(d.patientInformed, text) }),
    text.t("fiche.patientNotObjecting", { value: yesNo(d.patientNotObjecting, text) }),
    heading(text.t("fiche.rationaleTitle")),
    d.rationale,
    heading(text.t("fiche.missingTitle")),
    d.missingReadiness.length === 0
      ? text.t("fiche.noneMissing")
      : { ul: d.missingReadiness.map((c) => text.t(`fiche.readiness.${c}`)) },
    heading(text.t("fiche.signatureTitle")),
    text.t("fiche.signedBy", {
      name: v.signer.name,
      specialty: specialtyName(v.signer.specialty, text),
    }),
    versionLine(f, text),
    ...(v.correctionReason !== null && v.previousVersion !== null
      ? [text.t("fiche.correction", { previous: v.previousVersion, reason: v.correctionReason })]
      : []),
    { text: text.t("fiche.snapshot", { hash: v.boardSnapshot.sha256 }), fontSize: 7 },
  ];
  return {
    info: { title: `${text.t("fiche.title")} — ${f.patient.hospitalId}` },
    language: text.locale,
    pageSize: "A4",
    pageMargins: [40, 50, 40, 50],
    header: {
      text: `${f.rcp.name} — ${text.date(f.meetingDate)} — ${text.t("fiche.version", { n: v.version })}`,
      fontSize: 8,
      margin: [40, 20, 40, 0],
    },
    footer: (page: number, pages: number) => ({
      text: text.t("fiche.page", { page, pages }),
      alignment: "center",
      fontSize: 8,
    }),
    content,
    styles: {
      h1: { fontSize: 15, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 11, bold: true, margin: [0, 8, 0, 3] },
    },
    defaultStyle: { font: "Roboto", fontSize: 9 },
  };
}

/** The fiche RCP of a signed decision version as PDF bytes; bad input throws DomainInputError. */
export async function buildFichePdf(input: unknown, text: FicheText): Promise<Buffer> {
  const fiche = parseFicheInput(input);
  return pdfmake.createPdf(ficheDocument(fiche, text)).getBuffer();
}
