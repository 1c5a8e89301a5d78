// "Proposition de la RCP": the decision draft of this case, edited live by the meeting in the
// patient's board document (issue 11 §5, decisions 091 and 113). Every field writes one Yjs
// transaction into `decisionDraft:<caseId>`; free text is shared text (CollabEditor). Nothing is
// pre-selected: each select starts on "— choisir —", yes/no start unanswered (clinical.md §8.2).
// The problems beside the fields come from the decision kernel (app/domain/decision), live; the
// signing use case checks again on the server. Loaded lazily (decision 113: page weight).
import { type ReactNode, useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { newId } from "../../board/ids";
import { type BoardLesion, IMAGING_MODALITY_LABELS } from "../../domain/board/schema";
import {
  addDraftRow,
  draftGuidelineFollowed,
  draftLesionNote,
  draftRationale,
  existingDraftText,
  removeDraftRow,
  setDraftConsent,
  setDraftLesionField,
  setDraftRowField,
  setDraftSystemic,
  setDraftTrial,
} from "../../domain/board/ydoc";
import { BTA_AGENT_LABELS } from "../../domain/bta/agents";
import { PAUSE_REASON_LABELS, type PauseReason } from "../../domain/bta/sequence";
import type { Label } from "../../domain/common";
import {
  CLINICAL_TRIALS,
  type DecisionContext,
  type DraftProblem,
  draftProblems,
  SYSTEMIC_ACTION_LABELS,
  SYSTEMIC_ACTIONS,
  TEXT_MAX_CHARS,
  TRIAL_IDS,
  trialOpenFor,
  type YesNo,
} from "../../domain/decision";
import { readDecisionDraft } from "../../domain/decision/draft";
import { SPECIALTIES } from "../../domain/records/permissions";
import type { RiskContext } from "../../domain/risk";
import { findSite, siteLabel } from "../../domain/skeleton";
import { LOCAL_TREATMENT_IDS, LOCAL_TREATMENTS } from "../../domain/treatments/catalogue";
import { type TreatmentFlag, treatmentTriggers } from "../../domain/treatments/triggers";
import { CollabEditor } from "./CollabEditor";
import { useLabel } from "./useLabel";

/** What the page knows to check the draft live (the meeting's date is today's on the board). */
export interface DraftCheckContext {
  decidedOn: string;
  primaryCancer: DecisionContext["primaryCancer"];
  systemic: DecisionContext["systemic"];
}

export interface DecisionDraftProps {
  doc: Y.Doc;
  awareness: Awareness | null;
  origin: object;
  caseId: number;
  /** The board's lesions in board order, with their numbers. */
  lesions: readonly BoardLesion[];
  numbers: ReadonlyMap<string, number>;
  riskContext: RiskContext;
  check: DraftCheckContext;
  readOnly: boolean;
  /** The server's state has arrived: shared texts may be created (never before, see 113). */
  synced: boolean;
}

interface Option<T extends string> {
  value: T;
  label: string;
}

function Select<T extends string>({
  label,
  value,
  options,
  onChange,
  readOnly,
  field,
  problems,
}: {
  label: string;
  value: T | undefined;
  options: readonly Option<T>[];
  onChange: (value: T | undefined) => void;
  readOnly: boolean;
  field: string;
  problems?: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field compact">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ""}
        disabled={readOnly}
        data-field={field}
        onChange={(e) => onChange(options.find((o) => o.value === e.target.value)?.value)}
      >
        <option value="">{t("board.decision.choose")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {problems}
    </div>
  );
}

function DateInput({
  label,
  value,
  onChange,
  readOnly,
  field,
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  readOnly: boolean;
  field: string;
}) {
  const id = useId();
  return (
    <div className="field compact">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={value ?? ""}
        disabled={readOnly}
        data-field={field}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
      />
    </div>
  );
}

function TextInput({
  label,
  value,
  onChange,
  readOnly,
  field,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  field: string;
}) {
  const id = useId();
  return (
    <div className="field compact">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        maxLength={TEXT_MAX_CHARS}
        disabled={readOnly}
        data-field={field}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** Re-renders on every change of the document (anyone's edit). */
function useDocVersion(doc: Y.Doc): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    doc.on("update", bump);
    return () => doc.off("update", bump);
  }, [doc]);
  return version;
}

function flagsOf(lesion: BoardLesion, context: RiskContext): TreatmentFlag[] {
  try {
    return treatmentTriggers(lesion, context).flags;
  } catch {
    // An incomplete lesion the engine cannot read yet: no alert rather than no form.
    return [];
  }
}

export default function DecisionDraft(props: DecisionDraftProps) {
  const { doc, origin, caseId, lesions, numbers, riskContext, check, readOnly, synced } = props;
  const { t } = useTranslation();
  const label = useLabel();
  const version = useDocVersion(doc);
  const lesionIds = useMemo(() => lesions.map((l) => l.id), [lesions]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the doc's content
  const draft = useMemo(
    () => readDecisionDraft(doc, caseId, lesionIds),
    [doc, caseId, lesionIds, version],
  );
  const flags = useMemo(
    () => new Map(lesions.map((l) => [l.id, flagsOf(l, riskContext)])),
    [lesions, riskContext],
  );
  const problems = useMemo(
    () =>
      draftProblems(
        draft,
        {
          caseId,
          // The meeting is chosen at signing; any positive id lets the schema check the rest.
          meetingId: 1,
          decidedOn: check.decidedOn,
          missingReadiness: [],
          triggersOf: (id) => (flags.get(id) ?? []).map((f) => f.id),
          lesionIds,
        },
        { lesions, primaryCancer: check.primaryCancer, systemic: check.systemic },
      ),
    [draft, caseId, check, flags, lesionIds, lesions],
  );

  // Shared texts are created only once the server's state is in (decision 113): two pages
  // creating the same text before seeing each other would keep only one of them.
  const canCreate = !readOnly && synced;
  useEffect(() => {
    if (!canCreate) return;
    if (!existingDraftText(doc, caseId, "rationale")) draftRationale(doc, caseId, origin);
    if (!existingDraftText(doc, caseId, "guidelineFollowed"))
      draftGuidelineFollowed(doc, caseId, origin);
    for (const id of lesionIds)
      if (!existingDraftText(doc, caseId, { lesionNote: id }))
        draftLesionNote(doc, caseId, id, origin);
  }, [canCreate, doc, caseId, origin, lesionIds]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version stands for the doc's content
  const texts = useMemo(
    () => ({
      rationale: existingDraftText(doc, caseId, "rationale"),
      followed: existingDraftText(doc, caseId, "guidelineFollowed"),
      note: (id: string) => existingDraftText(doc, caseId, { lesionNote: id }),
    }),
    [doc, caseId, version],
  );

  const fieldName = (p: DraftProblem): string => {
    const last = p.field.split(".").filter((s) => !/^\d+$/.test(s));
    const key = last[last.length - 1] ?? p.field;
    const head = last[0] ?? p.field;
    const name = t(`board.decision.fields.${key}`, { defaultValue: key });
    if (p.lesionId)
      return `${t("board.decision.lesionShort", { number: numbers.get(p.lesionId) ?? "?" })} — ${name}`;
    return head === key
      ? name
      : `${t(`board.decision.fields.${head}`, { defaultValue: head })} — ${name}`;
  };
  const message = (p: DraftProblem): string =>
    p.kind === "clinical" && p.reason
      ? label(p.reason)
      : t(p.kind === "missing" ? "board.decision.missing" : "board.decision.invalid", {
          field: fieldName(p),
        });
  const problemsAt = (match: (p: DraftProblem) => boolean): ReactNode => {
    const found = problems.filter(match);
    if (found.length === 0) return null;
    return (
      <ul className="field-problems">
        {found.map((p) => (
          <li
            key={`${p.lesionId ?? ""}:${p.field}:${p.kind}`}
            className="field-error"
            data-problem={p.field}
          >
            {message(p)}
          </li>
        ))}
      </ul>
    );
  };
  const at = (field: string, lesionId?: string) =>
    problemsAt(
      (p) => p.lesionId === lesionId && (p.field === field || p.field.startsWith(`${field}.`)),
    );

  const yesNo = (v: YesNo): Option<YesNo> => ({ value: v, label: t(`common.${v}`) });
  const labelled = <T extends string>(values: readonly T[], labels: Record<T, Label>) =>
    values.map((v) => ({ value: v, label: label(labels[v]) }));

  const systemic = draft.systemic;
  const regimen = systemic.action === "initiate" || systemic.action === "switch";
  const rationale = texts.rationale;
  const followed = texts.followed;

  return (
    <section
      className="decision-draft"
      aria-labelledby="decision-draft-title"
      data-decision-draft={caseId}
    >
      <h2 id="decision-draft-title">{t("board.decision.heading")}</h2>
      <p className="muted small">{t("board.decision.help")}</p>
      {draft.dropped.length > 0 ? (
        <p className="alert error">
          {t("board.decision.dropped", { count: draft.dropped.length })}
        </p>
      ) : null}

      <h3>{t("board.decision.lesionsTitle")}</h3>
      {lesions.length === 0 ? <p className="muted">{t("board.decision.noLesion")}</p> : null}
      {lesions.map((lesion) => {
        const row = draft.lesions.find((l) => l.lesionId === lesion.id);
        const site = findSite(lesion.siteId);
        const lesionFlags = flags.get(lesion.id) ?? [];
        const note = texts.note(lesion.id);
        return (
          <fieldset key={lesion.id} className="decision-lesion" data-decision-lesion={lesion.id}>
            <legend>
              {t("board.decision.lesion", {
                number: numbers.get(lesion.id) ?? "?",
                site: site ? label(siteLabel(site, lesion.side)) : lesion.siteId,
              })}
            </legend>
            <div className="decision-row">
              <Select
                label={t("board.decision.action")}
                value={row?.action}
                options={LOCAL_TREATMENT_IDS.map((id) => ({
                  value: id,
                  label: label(LOCAL_TREATMENTS[id].label),
                }))}
                onChange={(v) => setDraftLesionField(doc, caseId, lesion.id, "action", v, origin)}
                readOnly={readOnly}
                field={`decision-action-${lesion.id}`}
                problems={at("action", lesion.id)}
              />
              <div className="decision-triggers" data-triggers={lesion.id}>
                <span className="field-label">{t("board.decision.triggers")}</span>
                {lesionFlags.length === 0 ? (
                  <span className="muted small">{t("board.decision.noTrigger")}</span>
                ) : (
                  <ul>
                    {lesionFlags.map((f) => (
                      <li key={f.id} className={`flag flag-${f.severity}`} title={f.source}>
                        {label(f.label)}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <Select
                label={t("board.decision.specialty")}
                value={row?.responsibleSpecialty}
                options={SPECIALTIES.map((s) => ({ value: s, label: t(`admin.specialties.${s}`) }))}
                onChange={(v) =>
                  setDraftLesionField(doc, caseId, lesion.id, "responsibleSpecialty", v, origin)
                }
                readOnly={readOnly}
                field={`decision-specialty-${lesion.id}`}
                problems={at("responsibleSpecialty", lesion.id)}
              />
              <div>
                <DateInput
                  label={t("board.decision.targetDate")}
                  value={row?.targetDate}
                  onChange={(v) =>
                    setDraftLesionField(doc, caseId, lesion.id, "targetDate", v, origin)
                  }
                  readOnly={readOnly}
                  field={`decision-target-${lesion.id}`}
                />
                {at("targetDate", lesion.id)}
              </div>
            </div>
            {note ? (
              <CollabEditor
                text={note}
                awareness={props.awareness}
                label={t("board.decision.note")}
                maxLength={TEXT_MAX_CHARS}
                readOnly={readOnly}
                testId={`decision-note-${lesion.id}`}
                compact
              />
            ) : null}
          </fieldset>
        );
      })}

      <h3>{t("board.decision.systemicTitle")}</h3>
      <div className="decision-row">
        <Select
          label={t("board.decision.systemicAction")}
          value={systemic.action}
          options={labelled(SYSTEMIC_ACTIONS, SYSTEMIC_ACTION_LABELS)}
          onChange={(v) => setDraftSystemic(doc, caseId, "action", v, origin)}
          readOnly={readOnly}
          field="decision-systemic-action"
          problems={problemsAt((p) => p.field === "systemic" || p.field === "systemic.action")}
        />
        {regimen ? (
          <>
            <Select
              label={t("board.decision.agent")}
              value={systemic.agent}
              options={labelled(["zoledronicAcid", "denosumab"] as const, BTA_AGENT_LABELS)}
              onChange={(v) => setDraftSystemic(doc, caseId, "agent", v, origin)}
              readOnly={readOnly}
              field="decision-systemic-agent"
              problems={at("systemic.agent")}
            />
            <NumberInput
              label={`${t("board.decision.dose")} (mg)`}
              value={systemic.dose_mg}
              max={1000}
              onChange={(v) => setDraftSystemic(doc, caseId, "dose_mg", v, origin)}
              readOnly={readOnly}
              field="decision-systemic-dose"
              problems={at("systemic.dose_mg")}
            />
            <NumberInput
              label={`${t("board.decision.interval")} (${t("board.decision.weeks")})`}
              value={systemic.intervalWeeks}
              max={52}
              integer
              onChange={(v) => setDraftSystemic(doc, caseId, "intervalWeeks", v, origin)}
              readOnly={readOnly}
              field="decision-systemic-interval"
              problems={at("systemic.intervalWeeks")}
            />
          </>
        ) : null}
        {systemic.action === "pause" ? (
          <Select
            label={t("board.decision.pauseReason")}
            value={systemic.reason}
            options={labelled(
              Object.keys(PAUSE_REASON_LABELS) as PauseReason[],
              PAUSE_REASON_LABELS,
            )}
            onChange={(v) => setDraftSystemic(doc, caseId, "reason", v, origin)}
            readOnly={readOnly}
            field="decision-systemic-reason"
            problems={at("systemic.reason")}
          />
        ) : null}
      </div>

      <h3>{t("board.decision.imagingTitle")}</h3>
      {draft.imagingFollowUp.length === 0 ? (
        <p className="muted small">{t("board.decision.imagingEmpty")}</p>
      ) : null}
      {draft.imagingFollowUp.map((row, i) => (
        <div key={row.id} className="decision-row" data-imaging-row={row.id}>
          <Select
            label={t("board.decision.modality")}
            value={row.modality}
            options={labelled(
              Object.keys(IMAGING_MODALITY_LABELS) as (keyof typeof IMAGING_MODALITY_LABELS)[],
              IMAGING_MODALITY_LABELS,
            )}
            onChange={(v) =>
              setDraftRowField(doc, caseId, "imaging", row.id, "modality", v, origin)
            }
            readOnly={readOnly}
            field={`decision-imaging-modality-${i}`}
            problems={at(`imagingFollowUp.${i}.modality`)}
          />
          <div>
            <DateInput
              label={t("board.decision.dueDate")}
              value={row.dueDate}
              onChange={(v) =>
                setDraftRowField(doc, caseId, "imaging", row.id, "dueDate", v, origin)
              }
              readOnly={readOnly}
              field={`decision-imaging-date-${i}`}
            />
            {at(`imagingFollowUp.${i}.dueDate`)}
          </div>
          {readOnly ? null : (
            <button
              type="button"
              className="secondary small"
              onClick={() => removeDraftRow(doc, caseId, "imaging", row.id, origin)}
            >
              {t("board.decision.remove")}
            </button>
          )}
        </div>
      ))}
      {readOnly ? null : (
        <button
          type="button"
          className="secondary small"
          onClick={() => addDraftRow(doc, caseId, "imaging", newId("img"), Date.now(), origin)}
        >
          + {t("board.decision.addImaging")}
        </button>
      )}

      <h3>{t("board.decision.guidelineTitle")}</h3>
      {followed ? (
        <CollabEditor
          text={followed}
          awareness={props.awareness}
          label={t("board.decision.guidelineFollowed")}
          maxLength={TEXT_MAX_CHARS}
          readOnly={readOnly}
          testId="decision-guideline"
          compact
        />
      ) : (
        <p>
          <span className="field-label">{t("board.decision.guidelineFollowed")}</span>{" "}
          {draft.guideline.followed || t("common.none")}
        </p>
      )}
      {at("guideline.followed")}
      {draft.guideline.departures.length === 0 ? (
        <p className="muted small">{t("board.decision.departuresEmpty")}</p>
      ) : null}
      {draft.guideline.departures.map((row, i) => (
        <div key={row.id} className="decision-row" data-departure-row={row.id}>
          <div>
            <TextInput
              label={t("board.decision.departureWhat")}
              value={row.what}
              onChange={(v) =>
                setDraftRowField(doc, caseId, "departures", row.id, "what", v, origin)
              }
              readOnly={readOnly}
              field={`decision-departure-what-${i}`}
            />
            {at(`guideline.departures.${i}.what`)}
          </div>
          <div>
            <TextInput
              label={t("board.decision.departureWhy")}
              value={row.reason}
              onChange={(v) =>
                setDraftRowField(doc, caseId, "departures", row.id, "reason", v, origin)
              }
              readOnly={readOnly}
              field={`decision-departure-why-${i}`}
            />
            {at(`guideline.departures.${i}.reason`)}
          </div>
          {readOnly ? null : (
            <button
              type="button"
              className="secondary small"
              onClick={() => removeDraftRow(doc, caseId, "departures", row.id, origin)}
            >
              {t("board.decision.remove")}
            </button>
          )}
        </div>
      ))}
      {readOnly ? null : (
        <button
          type="button"
          className="secondary small"
          onClick={() => addDraftRow(doc, caseId, "departures", newId("dep"), Date.now(), origin)}
        >
          + {t("board.decision.addDeparture")}
        </button>
      )}

      <h3>{t("board.decision.trialTitle")}</h3>
      <div className="decision-row">
        <Select
          label={t("board.decision.trialProposed")}
          value={
            draft.trial.proposed === undefined ? undefined : draft.trial.proposed ? "yes" : "no"
          }
          options={[yesNo("yes"), yesNo("no")]}
          onChange={(v) =>
            setDraftTrial(doc, caseId, { proposed: v === undefined ? null : v === "yes" }, origin)
          }
          readOnly={readOnly}
          field="decision-trial-proposed"
          problems={problemsAt((p) => p.field === "trial" || p.field === "trial.proposed")}
        />
        {draft.trial.proposed ? (
          <Select
            label={t("board.decision.trial")}
            value={draft.trial.trialId}
            options={TRIAL_IDS.map((id) => {
              const trial = CLINICAL_TRIALS[id];
              const closed = !trialOpenFor(id, check.primaryCancer);
              return {
                value: id,
                label: `${trial.id} (${trial.nct}) — ${label(trial.title)}${closed ? ` — ${t("board.decision.trialClosed")}` : ""}`,
              };
            })}
            onChange={(v) => setDraftTrial(doc, caseId, { trialId: v ?? null }, origin)}
            readOnly={readOnly}
            field="decision-trial"
            problems={at("trial.trialId")}
          />
        ) : null}
      </div>

      <h3>{t("board.decision.consentTitle")}</h3>
      <div className="decision-row">
        <Select
          label={t("board.decision.patientInformed")}
          value={draft.patientInformed}
          options={[yesNo("yes"), yesNo("no")]}
          onChange={(v) => setDraftConsent(doc, caseId, "patientInformed", v, origin)}
          readOnly={readOnly}
          field="decision-informed"
          problems={at("patientInformed")}
        />
        <Select
          label={t("board.decision.patientNotObjecting")}
          value={draft.patientNotObjecting}
          options={[yesNo("yes"), yesNo("no")]}
          onChange={(v) => setDraftConsent(doc, caseId, "patientNotObjecting", v, origin)}
          readOnly={readOnly}
          field="decision-not-objecting"
          problems={at("patientNotObjecting")}
        />
      </div>

      {rationale ? (
        <CollabEditor
          text={rationale}
          awareness={props.awareness}
          label={t("board.decision.rationale")}
          maxLength={TEXT_MAX_CHARS}
          readOnly={readOnly}
          testId="decision-rationale"
        />
      ) : (
        <p>
          <span className="field-label">{t("board.decision.rationale")}</span>{" "}
          {draft.rationale || t("common.none")}
        </p>
      )}
      {at("rationale")}

      <div className="decision-status" data-problems={problems.length}>
        {problems.length === 0 ? (
          <p className="alert info">{t("board.decision.ready")}</p>
        ) : (
          <p className="muted small">
            {t("board.decision.problemsTitle")} ({problems.length})
          </p>
        )}
      </div>
    </section>
  );
}

/** A number committed when it parses and lies in (0, max]; an empty field clears the value. */
function NumberInput({
  label,
  value,
  max,
  integer = false,
  onChange,
  readOnly,
  field,
  problems,
}: {
  label: string;
  value: number | undefined;
  max: number;
  integer?: boolean;
  onChange: (value: number | undefined) => void;
  readOnly: boolean;
  field: string;
  problems?: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [typed, setTyped] = useState<string | null>(null);
  const shown = typed ?? (value === undefined ? "" : String(value));
  const n = Number(shown.trim().replace(",", "."));
  const invalid =
    shown.trim() !== "" &&
    !(Number.isFinite(n) && n > 0 && n <= max && (!integer || Number.isInteger(n)));
  return (
    <div className="field compact">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode="decimal"
        value={shown}
        disabled={readOnly}
        aria-invalid={invalid || undefined}
        data-field={field}
        onBlur={() => setTyped(null)}
        onChange={(e) => {
          const s = e.target.value;
          setTyped(s);
          const v = Number(s.trim().replace(",", "."));
          if (s.trim() === "") onChange(undefined);
          else if (Number.isFinite(v) && v > 0 && v <= max && (!integer || Number.isInteger(v)))
            onChange(v);
        }}
      />
      {invalid ? <p className="field-error">{t("board.fields.range", { min: 0, max })}</p> : null}
      {problems}
    </div>
  );
}
