// The decision a draft stands for, and what keeps it from being signed (issue 11 §5): the bridge
// between the lenient draft (draft.ts) and the decision kernel (schema.ts, validate.ts), for the
// form (its live problems) and the signing code (the decision input).
import type { Label } from "../common";
import type { TreatmentFlagId } from "../treatments/triggers";
import type { DecisionDraft, YesNo } from "./draft";
import { type DecisionInput, DecisionSchema } from "./schema";
import { checkDecision, type DecisionCheck, type DecisionContext } from "./validate";

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
