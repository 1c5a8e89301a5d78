// The decision draft while the meeting types it (issue 11 §5, decision 091): the same fields as the
// signed decision (schema.ts), every one optional, read leniently. A value that does not parse is
// dropped and its field reported, never thrown: a half-typed draft must never hide the lesions.
// Nothing is defaulted here (clinical.md §8.2: every choice is the board's; decision 113).
// Pure: the Yjs layout lives in app/domain/board/ydoc.ts, which hands plain JSON to parseDraft.
import * as z from "zod";
import { type ImagingModality, ImagingModalitySchema } from "../board/schema";
import type { BtaAgent } from "../bta/agents";
import { BtaAgentSchema } from "../bta/agents";
import type { PauseReason } from "../bta/sequence";
import { PauseReasonSchema } from "../bta/sequence";
import type { Label } from "../common";
import { IsoDateSchema } from "../dates";
import { SpecialtySchema } from "../meeting/quorum";
import type { Specialty } from "../records/permissions";
import { LOCAL_TREATMENT_IDS, type LocalTreatmentId } from "../treatments/catalogue";
import type { TreatmentFlagId } from "../treatments/triggers";
import {
  type DecisionInput,
  DecisionSchema,
  SYSTEMIC_ACTIONS,
  type SystemicAction,
  TEXT_MAX_CHARS,
} from "./schema";
import { TRIAL_IDS, type TrialId } from "./trials";
import { checkDecision, type DecisionCheck, type DecisionContext } from "./validate";

/** Patient informed / not objecting: unanswered until someone clicks (decision 113). */
export const YES_NO = ["yes", "no"] as const;
export type YesNo = (typeof YES_NO)[number];

export interface DraftLesionDecision {
  lesionId: string;
  action?: LocalTreatmentId;
  targetDate?: string;
  responsibleSpecialty?: Specialty;
  note: string;
}

export interface DraftSystemic {
  action?: SystemicAction;
  agent?: BtaAgent;
  dose_mg?: number;
  intervalWeeks?: number;
  reason?: PauseReason;
}

export interface DraftImagingRow {
  id: string;
  modality?: ImagingModality;
  dueDate?: string;
}

export interface DraftDeparture {
  id: string;
  what: string;
  reason: string;
}

/**
 * A case's draft as plain values: a partial DecisionInput without caseId, meetingId, decidedOn,
 * missingReadiness and the lesions' triggers (filled by the server at signing). Rows carry their
 * ids (stable keys while people edit them).
 */
export interface DecisionDraft {
  lesions: DraftLesionDecision[];
  systemic: DraftSystemic;
  imagingFollowUp: DraftImagingRow[];
  guideline: { followed: string; departures: DraftDeparture[] };
  trial: { proposed?: boolean; trialId?: TrialId };
  patientInformed?: YesNo;
  patientNotObjecting?: YesNo;
  rationale: string;
  /** Fields whose stored value did not parse and was left out (paths such as `lesions.L1.action`). */
  dropped: string[];
}

export const EMPTY_DRAFT: DecisionDraft = {
  lesions: [],
  systemic: {},
  imagingFollowUp: [],
  guideline: { followed: "", departures: [] },
  trial: {},
  rationale: "",
  dropped: [],
};

const RowId = z.string().min(1).max(64);
const DraftText = z.string().max(TEXT_MAX_CHARS * 5);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads one optional field: absent stays absent; present but malformed is dropped and reported. */
function field<T>(
  schema: z.ZodType<T>,
  value: unknown,
  path: string,
  dropped: string[],
): T | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  dropped.push(path);
  return undefined;
}

function text(value: unknown, path: string, dropped: string[]): string {
  return field(DraftText, value, path, dropped) ?? "";
}

/** Entries of a keyed collection, in id order (deterministic on every client). */
function entries(value: unknown, path: string, dropped: string[]): [string, unknown][] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    dropped.push(path);
    return [];
  }
  const kept: [string, unknown][] = [];
  for (const [id, v] of Object.entries(value)) {
    if (RowId.safeParse(id).success && isRecord(v)) kept.push([id, v]);
    else dropped.push(`${path}.${id.slice(0, 64)}`);
  }
  return kept.sort(([a], [b]) => a.localeCompare(b));
}

/** Rows also keep the order people added them: `at` (a client's clock) first, then id. */
function byAddedAt(a: [string, unknown], b: [string, unknown]): number {
  const at = (v: unknown) => (isRecord(v) && typeof v.at === "number" ? v.at : 0);
  return at(a[1]) - at(b[1]) || a[0].localeCompare(b[0]);
}

/**
 * The draft from the plain JSON of its Y.Map (ydoc.ts decisionDraftJson). Lesion entries are
 * returned for every lesion id found; the caller orders them by the board's lesions.
 */
export function parseDraft(json: unknown): DecisionDraft {
  const dropped: string[] = [];
  if (json !== undefined && !isRecord(json)) return { ...EMPTY_DRAFT, dropped: ["draft"] };
  const raw = json ?? {};
  const lesions = entries(raw.lesions, "lesions", dropped).map(([id, v]): DraftLesionDecision => {
    const l = v as Record<string, unknown>;
    const p = `lesions.${id}`;
    return {
      lesionId: id,
      action: field(z.enum(LOCAL_TREATMENT_IDS), l.action, `${p}.action`, dropped),
      targetDate: field(IsoDateSchema, l.targetDate, `${p}.targetDate`, dropped),
      responsibleSpecialty: field(
        SpecialtySchema,
        l.responsibleSpecialty,
        `${p}.responsibleSpecialty`,
        dropped,
      ),
      note: text(l.note, `${p}.note`, dropped),
    };
  });
  const s = isRecord(raw.systemic) ? raw.systemic : {};
  if (raw.systemic !== undefined && !isRecord(raw.systemic)) dropped.push("systemic");
  const systemic: DraftSystemic = {
    action: field(z.enum(SYSTEMIC_ACTIONS), s.action, "systemic.action", dropped),
    agent: field(BtaAgentSchema, s.agent, "systemic.agent", dropped),
    dose_mg: field(z.number().positive().max(1000), s.dose_mg, "systemic.dose_mg", dropped),
    intervalWeeks: field(
      z.number().int().positive().max(52),
      s.intervalWeeks,
      "systemic.intervalWeeks",
      dropped,
    ),
    reason: field(PauseReasonSchema, s.reason, "systemic.reason", dropped),
  };
  const imagingFollowUp = entries(raw.imaging, "imaging", dropped)
    .sort(byAddedAt)
    .map(([id, v]): DraftImagingRow => {
      const r = v as Record<string, unknown>;
      return {
        id,
        modality: field(ImagingModalitySchema, r.modality, `imaging.${id}.modality`, dropped),
        dueDate: field(IsoDateSchema, r.dueDate, `imaging.${id}.dueDate`, dropped),
      };
    });
  const departures = entries(raw.departures, "departures", dropped)
    .sort(byAddedAt)
    .map(([id, v]): DraftDeparture => {
      const r = v as Record<string, unknown>;
      return {
        id,
        what: text(r.what, `departures.${id}.what`, dropped),
        reason: text(r.reason, `departures.${id}.reason`, dropped),
      };
    });
  const t = isRecord(raw.trial) ? raw.trial : {};
  if (raw.trial !== undefined && !isRecord(raw.trial)) dropped.push("trial");
  return {
    lesions,
    systemic,
    imagingFollowUp,
    guideline: { followed: text(raw.guidelineFollowed, "guideline.followed", dropped), departures },
    trial: {
      proposed: field(z.boolean(), t.proposed, "trial.proposed", dropped),
      trialId: field(z.enum(TRIAL_IDS), t.trialId, "trial.trialId", dropped),
    },
    patientInformed: field(z.enum(YES_NO), raw.patientInformed, "patientInformed", dropped),
    patientNotObjecting: field(
      z.enum(YES_NO),
      raw.patientNotObjecting,
      "patientNotObjecting",
      dropped,
    ),
    rationale: text(raw.rationale, "rationale", dropped),
    dropped,
  };
}

/** What the server fills in at signing (or the page, for the live check). */
export interface DraftCompletion {
  caseId: number;
  meetingId: number;
  decidedOn: string;
  missingReadiness: DecisionInput["missingReadiness"];
  /** The engine's flags per lesion (treatments/triggers.ts), for the lesions of the board. */
  triggersOf: (lesionId: string) => TreatmentFlagId[];
  /** The board's lesion ids, in board order: the decision lists them in that order. */
  lesionIds: readonly string[];
}

function yesNo(v: YesNo | undefined): boolean | undefined {
  return v === undefined ? undefined : v === "yes";
}

function blankToUndefined(s: string): string | undefined {
  return s.trim() === "" ? undefined : s;
}

/**
 * The decision the draft stands for, as unparsed input for DecisionSchema / checkDecision.
 * Missing choices stay missing (undefined), so the schema names them; only the board's own
 * lesions are carried (a draft row of a removed lesion is not decided).
 */
export function draftToDecisionInput(
  draft: DecisionDraft,
  fill: DraftCompletion,
): DraftDecisionInput {
  const byId = new Map(draft.lesions.map((l) => [l.lesionId, l]));
  const lesions = fill.lesionIds.flatMap((id) => {
    const l = byId.get(id);
    if (!l || (l.action === undefined && l.responsibleSpecialty === undefined)) return [];
    return [
      {
        lesionId: id,
        action: l.action,
        targetDate: l.targetDate,
        responsibleSpecialty: l.responsibleSpecialty,
        triggers: fill.triggersOf(id),
        note: blankToUndefined(l.note),
      },
    ];
  });
  const { action, ...regimen } = draft.systemic;
  return {
    caseId: fill.caseId,
    meetingId: fill.meetingId,
    decidedOn: fill.decidedOn,
    lesions,
    systemic: action === undefined ? undefined : { action, ...regimen },
    imagingFollowUp: draft.imagingFollowUp.map((r) => ({
      modality: r.modality,
      dueDate: r.dueDate,
    })),
    guideline: {
      followed: blankToUndefined(draft.guideline.followed),
      departures: draft.guideline.departures.map((d) => ({
        what: blankToUndefined(d.what),
        reason: blankToUndefined(d.reason),
      })),
    },
    trial:
      draft.trial.proposed === true
        ? { proposed: true, trialId: draft.trial.trialId }
        : draft.trial.proposed === false
          ? { proposed: false }
          : undefined,
    patientInformed: yesNo(draft.patientInformed),
    patientNotObjecting: yesNo(draft.patientNotObjecting),
    rationale: blankToUndefined(draft.rationale),
    missingReadiness: fill.missingReadiness,
  };
}

/** Unparsed decision input; lesions keep their ids so problems can be shown on their row. */
export interface DraftDecisionInput {
  lesions: ({ lesionId: string } & Record<string, unknown>)[];
  [field: string]: unknown;
}

/** One missing or malformed field of the draft, for the form (field path of DecisionSchema). */
export interface DraftIssue {
  field: string;
  code: "missing" | "invalid";
}

/**
 * Fields the schema refuses, before the clinical check (checkDecision) can run: the form shows
 * "à renseigner" beside them. Paths are DecisionSchema's (e.g. `lesions.0.responsibleSpecialty`).
 */
export function draftIssues(input: unknown): DraftIssue[] {
  const parsed = DecisionSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({
    field: i.path.join("."),
    code: valueAt(input, i.path) === undefined ? "missing" : "invalid",
  }));
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = input;
  for (const key of path) {
    if (typeof at !== "object" || at === null || typeof key === "symbol") return undefined;
    at = (at as Record<string, unknown>)[String(key)];
  }
  return at;
}

/** A problem shown on the form: which field (DecisionSchema path, lesion by id), and why. */
export interface DraftProblem {
  /** The path without the lesion index, e.g. `action`, `systemic.agent`, `rationale`. */
  field: string;
  lesionId?: string;
  kind: "missing" | "invalid" | "clinical";
  /** For clinical problems: checkDecision's reason. */
  reason?: Label;
}

/**
 * Everything that keeps the draft from being signed, for the live form: each board lesion without
 * a choice, fields the schema refuses, then (once the schema accepts it) checkDecision's clinical
 * problems. Never throws: a context the kernel refuses gives no clinical problem.
 */
export function draftProblems(
  draft: DecisionDraft,
  fill: DraftCompletion,
  context: DecisionContext,
): DraftProblem[] {
  const input = draftToDecisionInput(draft, fill);
  const included = new Set(input.lesions.map((l) => l.lesionId));
  const problems: DraftProblem[] = [];
  for (const id of fill.lesionIds)
    if (!included.has(id)) {
      problems.push({ field: "action", lesionId: id, kind: "missing" });
      problems.push({ field: "responsibleSpecialty", lesionId: id, kind: "missing" });
    }
  const issues = draftIssues(input);
  for (const issue of issues) problems.push(located(issue.field, input, issue.code));
  if (issues.length > 0) return problems;
  let check: DecisionCheck;
  try {
    check = checkDecision(input as DecisionInput, context);
  } catch {
    return problems;
  }
  if (!check.ok)
    // "lesions" (a lesion undecided) is already listed above, on the lesion's row.
    for (const p of check.problems)
      if (p.code !== "lesionUndecided")
        problems.push({ ...located(p.field, input, "clinical"), reason: p.reason });
  return problems;
}

/** `lesions.2.action` → field `action` on that lesion's id; other paths unchanged. */
function located(
  path: string,
  input: DraftDecisionInput,
  kind: DraftProblem["kind"],
): DraftProblem {
  const match = /^lesions\.(\d+)\.(.+)$/.exec(path);
  const lesionId = match ? input.lesions[Number(match[1])]?.lesionId : undefined;
  if (match?.[2] && lesionId !== undefined) return { field: match[2], lesionId, kind };
  return { field: path, kind };
}
