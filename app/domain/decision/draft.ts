// The decision draft while the meeting types it (issue 11 §5, decision 091): the same fields as the
// signed decision (schema.ts), every one optional, read leniently. A value that does not parse is
// dropped and its field reported, never thrown: a half-typed draft must never hide the lesions.
// Nothing is defaulted here (clinical.md §8.2: every choice is the board's; decision 113).
// The Yjs layout lives in app/domain/board/ydoc.ts (decisionDraftJson gives the plain JSON read
// here); this module is off the board page's static bundle (decision 113: page weight).
import * as z from "zod";
import { type ImagingModality, ImagingModalitySchema } from "../board/schema";
import { type DraftLesionChoice, type DraftSystemicChoice, decisionDraftJson } from "../board/ydoc";
import { BtaAgentSchema } from "../bta/agents";
import { PauseReasonSchema } from "../bta/sequence";
import { IsoDateSchema } from "../dates";
import { SPECIALTIES } from "../records/permissions";
import { LOCAL_TREATMENT_IDS } from "../treatments/catalogue";
import { SYSTEMIC_ACTIONS, TEXT_MAX_CHARS } from "./schema";
import { TRIAL_IDS, type TrialId } from "./trials";
import { YES_NO, type YesNo } from "./vocabulary";

export { YES_NO, type YesNo } from "./vocabulary";

export interface DraftLesionDecision extends DraftLesionChoice {
  lesionId: string;
  note: string;
}

export type DraftSystemic = DraftSystemicChoice;

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
        z.enum(SPECIALTIES),
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

/**
 * The draft of one case from the patient's board document, read leniently: malformed values are
 * dropped and listed in `dropped`, never thrown, and lesion rows come in the order of `lesionIds`
 * when given (the board's order). Here rather than in ydoc.ts (which only maps the document) so the
 * board page's static bundle does not carry the parser (decision 113).
 */
export function readDecisionDraft(
  doc: Parameters<typeof decisionDraftJson>[0],
  caseId: number,
  lesionIds?: readonly string[],
): DecisionDraft {
  const draft = parseDraft(decisionDraftJson(doc, caseId));
  if (!lesionIds) return draft;
  const rank = new Map(lesionIds.map((id, i) => [id, i]));
  const order = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  return {
    ...draft,
    lesions: [...draft.lesions].sort((a, b) => order(a.lesionId) - order(b.lesionId)),
  };
}
