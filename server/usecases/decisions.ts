// Signed decisions (issue 11 §6, ARCHITECTURE.md §3, decisions 091 and 093). The chair signs the
// draft the meeting edited in the patient's board document: in one transaction the server reads
// the stored board (every acknowledged update), checks the decision with the engine, stamps the
// attendance and quorum, writes an immutable version holding the board's bytes and the computed
// lesion table, marks the case decided on the agenda, and writes one audit row. A correction is a
// new version with its reason; both stay. Two people signing at once: one version, one 409.
import { createHash } from "node:crypto";
import * as Y from "yjs";
import * as z from "zod";
import { readBoard } from "../../app/domain/board/ydoc";
import {
  type BtaWarning,
  plannedBtaActOf,
  type StartCondition,
  StartConditionSchema,
} from "../../app/domain/bta";
import {
  checkDecision,
  correctDecision,
  type DecisionInput,
  type DecisionVersion,
  DecisionVersionSchema,
  diffDecisionVersions,
  lesionTable,
  signDecision,
  type VersionChange,
} from "../../app/domain/decision";
import { readDecisionDraft } from "../../app/domain/decision/draft";
import { draftToDecisionInput } from "../../app/domain/decision/draft-check";
import { DomainInputError } from "../../app/domain/errors";
import { SpecialtySchema } from "../../app/domain/meeting/quorum";
import { PrimaryCancerSchema } from "../../app/domain/records/cancer";
import { riskContextOf } from "../../app/domain/risk/context";
import { treatmentTriggers } from "../../app/domain/treatments/triggers";
import { writeAudit } from "../../db/audit";
import { cancelBtaPlanned, insertBtaPlanned, openBtaPlannedOfCase } from "../../db/btaPlanned";
import { getCase, setCaseStatus } from "../../db/cases";
import { createCollabStore, userNames } from "../../db/collab";
import {
  type DecisionVersionMeta,
  decisionVersionBodies,
  getDecisionVersion,
  insertDecisionVersion,
  insertFicheDispatch,
  latestDecisionVersion,
  listDecisionVersions,
  listFicheDispatches,
  openMeetingsOfCase,
} from "../../db/decisions";
import { cancelPlanItem, insertPlanItem, openPlanItemsOfCase } from "../../db/planItems";
import { getRcp } from "../../db/rcps";
import { getUser } from "../../db/users";
import { loadStoredBoardDoc } from "../collab/history";
import { toFhirBundle } from "../fiche/fhir";
import { type FicheInputRaw, parseFicheInput } from "../fiche/input";
import { buildFichePdf, ficheDocument } from "../fiche/pdf";
import type { FicheText } from "../fiche/text";
import { readBtaSequence } from "./bta";
import type { AppContext } from "./context";
import { markAgendaCaseDecided, meetingForSigning } from "./meetings";
import { caseReadinessFor } from "./readiness";
import { conflict, forbiddenHere, invalid, notFound, Refusal } from "./refusal";

export type { DecisionVersionMeta };

export interface SignRequest {
  meetingId: number;
  caseId: number;
  /** The latest version the signer saw (0: none). Anything newer means someone signed first: 409. */
  expectedVersion: number;
  /** Required for a correction (a version after the first). */
  correctionReason?: string;
}

export interface SignOutcome {
  version: DecisionVersionMeta;
  /** The engine's warnings on the systemic decision (e.g. a gate left open), shown after signing. */
  warnings: BtaWarning[];
}

/** The engine's refusal, worded by the engine, on the field it names. */
function refusalOf(e: DomainInputError): Refusal {
  return new Refusal("invalid", [
    { field: e.field ?? "decision", code: "errors.invalid", reason: e.label },
  ]);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Signs the case's decision as it stands in the board document, or refuses with nothing written. */
export function signCaseDecision(ctx: AppContext, actorId: number, req: SignRequest): SignOutcome {
  return ctx.db.transaction((tx) => {
    const meeting = meetingForSigning(tx, req.meetingId);
    if (!meeting) throw notFound();
    if (meeting.chairUserId !== actorId) throw forbiddenHere("signer", "decision.errors.notChair");
    if (meeting.meeting.status !== "open")
      throw conflict("meetingId", "decision.errors.meetingNotOpen");
    const item = meeting.meeting.agenda.find((i) => i.caseId === req.caseId);
    if (!item) throw conflict("caseId", "decision.errors.notOnAgenda");
    if (item.outcome === "postponed") throw conflict("caseId", "decision.errors.postponed");
    const found = getCase(tx, req.caseId);
    if (!found) throw notFound();
    const { case: caseRow, patient } = found;

    const latest = latestDecisionVersion(tx, req.caseId);
    const current = latest?.version ?? 0;
    if (current !== req.expectedVersion)
      throw conflict("expectedVersion", "decision.errors.signedMeanwhile");
    const reason = req.correctionReason?.trim() ?? "";
    if (current > 0 && reason === "") throw invalid("correctionReason", "errors.required");

    const signer = getUser(tx, actorId);
    const specialty = SpecialtySchema.safeParse(signer?.specialty);
    if (!signer || !specialty.success)
      throw forbiddenHere("signer", "decision.errors.signerSpecialty");

    // The stored board is every acknowledged update (collab durability): what everyone saw.
    const doc = loadStoredBoardDoc(createCollabStore(ctx.sqlite), patient.id);
    const boardState = Y.encodeStateAsUpdate(doc);
    const board = readBoard(doc, req.caseId);
    const draft = readDecisionDraft(doc, req.caseId);
    doc.destroy();

    const rcp = getRcp(tx, patient.rcpId);
    const riskContext = riskContextOf({ patient, rcp });
    const bta = readBtaSequence(ctx, patient.id);
    const readiness = caseReadinessFor(ctx, req.caseId);
    const byId = new Map(board.lesions.map((l) => [l.id, l]));
    const input = draftToDecisionInput(draft, {
      caseId: req.caseId,
      meetingId: req.meetingId,
      decidedOn: meeting.meeting.date,
      missingReadiness: [...new Set(readiness.missing.map((m) => m.code))],
      // The engine's flags beside each action are recomputed here, never taken from the draft.
      triggersOf: (lesionId) => {
        const lesion = byId.get(lesionId);
        return lesion ? treatmentTriggers(lesion, riskContext).flags.map((f) => f.id) : [];
      },
      lesionIds: board.lesions.map((l) => l.id),
    }) as unknown as DecisionInput;

    let version: DecisionVersion;
    let warnings: BtaWarning[];
    try {
      const check = checkDecision(input, {
        lesions: board.lesions,
        primaryCancer: PrimaryCancerSchema.parse(patient.primaryCancer).type,
        // What the record knows of the start gates; what it lacks becomes a condition of the
        // first dose, not a refusal of the decision (decision 119).
        systemic: {
          sequence: bta.state,
          dentalCheckDate: patient.dentalCheckDate ?? undefined,
          baselineCreatinineClearance_mL_min: bta.latestClearance?.mL_min,
        },
      });
      if (!check.ok)
        throw new Refusal(
          "invalid",
          check.problems.map((p) => ({ field: p.field, code: p.code, reason: p.reason })),
        );
      const signing = {
        decision: check.decision,
        attendance: meeting.attendance,
        requiredSpecialties: meeting.requiredSpecialties,
        boardSnapshot: { sha256: sha256(boardState), byteLength: boardState.byteLength },
        lesionTable: lesionTable(board.lesions, riskContext),
        systemicConditions: check.conditions,
        signer: { userId: actorId, name: signer.displayName, specialty: specialty.data },
        signedAt: ctx.now().toISOString(),
      };
      version =
        latest === undefined
          ? signDecision(signing)
          : correctDecision(DecisionVersionSchema.parse(latest.body), signing, reason);
      warnings = check.warnings;
    } catch (e) {
      if (e instanceof DomainInputError) throw refusalOf(e);
      throw e;
    }

    const row = insertDecisionVersion(tx, {
      caseId: req.caseId,
      patientId: patient.id,
      meetingId: req.meetingId,
      version: version.version,
      body: version,
      boardState: Buffer.from(boardState),
      boardSha256: version.boardSnapshot.sha256,
      quorumMet: version.quorum.met,
      correctionReason: version.correctionReason,
      signedBy: actorId,
      signedAt: version.signedAt,
    });
    // Each local action becomes a plan item on someone's worklist (issue 12 §2); "surveillance"
    // is not an act to schedule. A correction supersedes the open items of the version before.
    for (const open of openPlanItemsOfCase(tx, req.caseId))
      cancelPlanItem(tx, open.id, `superseded:v${version.version}`, version.signedAt);
    for (const l of version.decision.lesions)
      if (l.action !== "observation")
        insertPlanItem(tx, {
          decisionVersionId: row.id,
          patientId: patient.id,
          caseId: req.caseId,
          lesionId: l.lesionId,
          action: l.action,
          responsibleSpecialty: l.responsibleSpecialty,
          targetDate: l.targetDate ?? null,
          state: "planned",
          createdAt: version.signedAt,
          updatedAt: version.signedAt,
        });
    // The systemic part's act (initiate, resume, switch, a dose due) waits for its BTA event
    // (issue 12 §1, decision 106); a correction supersedes the act of the version before.
    for (const open of openBtaPlannedOfCase(tx, req.caseId))
      cancelBtaPlanned(tx, open.id, `superseded:v${version.version}`, version.signedAt);
    const act = version.decision.systemic ? plannedBtaActOf(version.decision.systemic) : null;
    if (act)
      insertBtaPlanned(tx, {
        patientId: patient.id,
        caseId: req.caseId,
        decisionVersionId: row.id,
        kind: act.kind,
        agent: act.agent,
        state: "open",
        createdAt: version.signedAt,
        updatedAt: version.signedAt,
      });
    if (item.outcome === "pending") markAgendaCaseDecided(tx, req.meetingId, req.caseId);
    if (caseRow.status !== "discussed" && caseRow.status !== "closed")
      setCaseStatus(tx, req.caseId, "discussed", version.signedAt);
    writeAudit(tx, {
      userId: actorId,
      entity: "case",
      entityId: req.caseId,
      action: version.version === 1 ? "decision.sign" : "decision.correct",
      before: latest ? { decisionVersion: latest.version } : null,
      after: {
        decisionVersion: version.version,
        meetingId: req.meetingId,
        quorumMet: version.quorum.met,
        boardSha256: version.boardSnapshot.sha256,
        correctionReason: version.correctionReason,
        btaPlannedKind: act?.kind ?? null,
      },
    });
    return { version: row, warnings };
  });
}

export interface DecisionHistory {
  versions: { meta: DecisionVersionMeta; version: DecisionVersion }[];
  /** Changes from each version to the next: diffs[i] is from versions[i] to versions[i + 1]. */
  diffs: VersionChange[][];
  /** The latest version was signed without quorum: the case is to be presented again. */
  toBePresentedAgain: boolean;
}

/** Every signed version of a case, each with what changed from the one before. */
export function caseDecisionHistory(ctx: AppContext, caseId: number): DecisionHistory {
  const versions = listDecisionVersions(ctx.db, caseId).map((meta) => ({
    meta,
    version: DecisionVersionSchema.parse(meta.body),
  }));
  const diffs = versions
    .slice(1)
    .map((v, i) => diffDecisionVersions((versions[i] ?? v).version, v.version));
  const last = versions.at(-1);
  return { versions, diffs, toBePresentedAgain: last ? !last.version.quorum.met : false };
}

/** One signed version with the board bytes it froze. */
export function signedDecisionVersion(ctx: AppContext, caseId: number, version: number) {
  const row = getDecisionVersion(ctx.db, caseId, version);
  if (!row) throw notFound();
  return { row, version: DecisionVersionSchema.parse(row.body) };
}

/** What the fiche RCP of one signed version is built from (server/fiche/input.ts). */
export function ficheInputOf(ctx: AppContext, caseId: number, versionNo: number): FicheInputRaw {
  const { row, version } = signedDecisionVersion(ctx, caseId, versionNo);
  const found = getCase(ctx.db, caseId);
  if (!found) throw notFound();
  const { case: c, patient } = found;
  const rcp = getRcp(ctx.db, patient.rcpId);
  if (!rcp) throw notFound();
  return {
    version,
    rcp: { name: rcp.name, institution: rcp.institution },
    meetingDate: version.decision.decidedOn,
    patient: {
      familyName: patient.lastName,
      givenName: patient.firstName,
      birthDate: patient.birthDate,
      sex: patient.sex,
      hospitalId: patient.hospitalId,
    },
    referringPhysician: c.referringPhysician,
    question: c.question,
    summary: c.summary ?? null,
    feStrengthLoss_pct: strengthLossesOfSignedBoard(row.boardState),
  };
}

/**
 * The FE strength losses on the lesions of the board as it was signed (decision 086: the server's
 * result on the lesion), by lesion id. A negative loss (the lesioned bone computed the stronger)
 * is not a loss and is left out, as the fiche's schema takes 0–100 % (server/fiche/input.ts).
 */
function strengthLossesOfSignedBoard(boardState: Uint8Array): Record<string, number> {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, boardState);
    const out: Record<string, number> = {};
    for (const lesion of readBoard(doc, null).lesions) {
      const loss = lesion.feResult?.strengthLoss_pct;
      if (loss !== undefined && loss >= 0 && loss <= 100) out[lesion.id] = loss;
    }
    return out;
  } finally {
    doc.destroy();
  }
}

/** The fiche RCP as PDF bytes, in the language of `text` (app/i18n/fiche.ts). */
export function fichePdf(
  ctx: AppContext,
  caseId: number,
  versionNo: number,
  text: FicheText,
): Promise<Buffer> {
  return buildFichePdf(ficheInputOf(ctx, caseId, versionNo), text);
}

/** The signed decision as a FHIR R4 Bundle (server/fiche/fhir.ts). */
export function ficheFhirBundle(
  ctx: AppContext,
  caseId: number,
  versionNo: number,
  text: FicheText,
  baseUrl: string,
) {
  return toFhirBundle(ficheInputOf(ctx, caseId, versionNo), text, baseUrl);
}

/**
 * The fiche's content as the PDF lays it out (pdfmake's declarative tree, JSON): the printable
 * page renders this same tree, so the page and the PDF cannot say different things.
 */
export function ficheContent(ctx: AppContext, caseId: number, versionNo: number, text: FicheText) {
  const doc = ficheDocument(parseFicheInput(ficheInputOf(ctx, caseId, versionNo)), text);
  return JSON.parse(JSON.stringify(doc.content)) as unknown;
}

export interface SigningContext {
  meetingId: number;
  meetingDate: string;
  /** The version the signer sees now (0: none): sent back with the signature (409 if it moved). */
  expectedVersion: number;
}

/** Where this user can sign this case's decision now: chair of an open meeting with the case. */
export function signingContextFor(
  ctx: AppContext,
  userId: number,
  caseId: number,
): SigningContext | null {
  const m = openMeetingsOfCase(ctx.db, caseId).find((x) => x.chairUserId === userId);
  if (!m) return null;
  return {
    meetingId: m.meetingId,
    meetingDate: m.date,
    expectedVersion: latestDecisionVersion(ctx.db, caseId)?.version ?? 0,
  };
}

/** Records that the fiche of a signed version was sent to the patient's file (coordinator). */
export function recordFicheSent(
  ctx: AppContext,
  actorId: number,
  caseId: number,
  versionNo: number,
) {
  return ctx.db.transaction((tx) => {
    const row = getDecisionVersion(tx, caseId, versionNo);
    if (!row) throw notFound();
    const sent = insertFicheDispatch(tx, row.id, actorId, ctx.now().toISOString());
    writeAudit(tx, {
      userId: actorId,
      entity: "case",
      entityId: caseId,
      action: "fiche.sent",
      after: { decisionVersion: versionNo, sentAt: sent.sentAt },
    });
    return sent;
  });
}

/** When and by whom the fiche of a version was sent, oldest first. */
export function ficheDispatchesOf(ctx: AppContext, caseId: number, versionNo: number) {
  const row = getDecisionVersion(ctx.db, caseId, versionNo);
  if (!row) throw notFound();
  const sent = listFicheDispatches(ctx.db, row.id);
  const names = userNames(
    ctx.sqlite,
    sent.map((d) => d.sentBy),
  );
  return sent.map((d) => ({ sentAt: d.sentAt, name: names.get(d.sentBy) ?? "" }));
}

export function signedDecisionVersionExists(ctx: AppContext, caseId: number, version: number) {
  return getDecisionVersion(ctx.db, caseId, version) !== undefined;
}

const ConditionsOfBodySchema = z.object({
  systemicConditions: z.array(StartConditionSchema).default([]),
});

/**
 * The start gates each of these signed versions left to meet before the first dose (decision
 * 119), by version row id: what a planned BTA act (decision 106) shows beside it.
 */
export function startConditionsOfVersions(
  ctx: AppContext,
  versionIds: readonly number[],
): Map<number, StartCondition[]> {
  const ids = [...new Set(versionIds)];
  return new Map(
    decisionVersionBodies(ctx.db, ids).map((r) => [
      r.id,
      ConditionsOfBodySchema.parse(r.body).systemicConditions,
    ]),
  );
}
