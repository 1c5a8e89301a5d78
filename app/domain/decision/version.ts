// A signed decision version (issue 11 §6; ARCHITECTURE.md §3: signing freezes a snapshot,
// decisions are immutable versions). A version holds the structured decision, the attendance and
// quorum at the moment of signing, a reference to the board's Yjs snapshot bytes (their SHA-256:
// the bytes are stored by the persistence layer) and the computed lesion table. A correction is a
// new version, numbered next, with its reason; the old one stays. Versions are frozen objects.
import * as z from "zod";
import { StartConditionSchema } from "../bta/gates";
import { type Label, LabelSchema, LesionTypeSchema, scoreValue } from "../common";
import { DomainInputError, parseOrThrow } from "../errors";
import {
  AttendanceSchema,
  type Attendee,
  type QuorumResult,
  quorum,
  RequiredSpecialtySchema,
  SpecialtySchema,
} from "../meeting/quorum";
import type { LesionInput, RiskContext } from "../risk/lesion";
import { lesionRiskSummary } from "../risk/summary";
import { getSite, siteLabel } from "../skeleton/catalogue";
import { DecisionSchema } from "./schema";

// ---- Quorum stamp ----

export const QuorumStampSchema = z.object({
  met: z.boolean(),
  specialtiesPresent: z.array(SpecialtySchema),
  gaps: z.array(
    z.object({
      code: z.enum(["tooFewSpecialties", "requiredSpecialtyAbsent"]),
      label: LabelSchema,
    }),
  ),
  /** Without quorum the case is to be presented again ("à représenter", clinical.md §8.1). */
  toBePresentedAgain: z.boolean(),
});
export type QuorumStamp = z.infer<typeof QuorumStampSchema>;

export function quorumStamp(result: QuorumResult): QuorumStamp {
  return {
    met: result.met,
    specialtiesPresent: result.specialtiesPresent,
    gaps: result.gaps.map((g) => ({ code: g.code, label: g.label })),
    toBePresentedAgain: !result.met,
  };
}

// ---- Lesion table (what the fiche prints and the FHIR export codes) ----

export const LesionTableRowSchema = z.object({
  lesionId: z.string().min(1),
  siteId: z.string().min(1),
  site: LabelSchema,
  lesionType: LesionTypeSchema.nullable(),
  size_mm: z.number().positive().nullable(),
  scores: z.array(
    z.object({
      score: z.string().min(1),
      value: z.union([z.number(), z.string()]),
      category: z.string().min(1),
      categoryLabel: LabelSchema,
      source: z.string(),
    }),
  ),
  feFailureLoad_N: z.number().positive().nullable(),
});
export type LesionTableRow = z.infer<typeof LesionTableRowSchema>;

/** The lesion table computed by the engine (every score with its category), in board order. */
export function lesionTable(
  lesions: readonly LesionInput[],
  context: RiskContext = {},
): LesionTableRow[] {
  return lesions.map((lesion) => {
    const summary = lesionRiskSummary(lesion, context);
    const site = getSite(lesion.siteId);
    const scores = Object.entries(summary.scores).flatMap(([score, result]) =>
      result
        ? [
            {
              score,
              value: scoreValue(result),
              category: result.category,
              categoryLabel: result.categoryLabel,
              source: result.source,
            },
          ]
        : [],
    );
    return {
      lesionId: lesion.id,
      siteId: site.id,
      site: siteLabel(site, lesion.side),
      lesionType: lesion.lesionType ?? null,
      size_mm: lesion.size_mm ?? null,
      scores,
      feFailureLoad_N: lesion.fe?.failureLoad_N ?? null,
    };
  });
}

// ---- The version ----

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const SystemicConditionsSchema = z.array(StartConditionSchema).max(8).default([]);

export const SignerSchema = z.object({
  userId: z.number().int().positive(),
  name: z.string().trim().min(1).max(120),
  specialty: SpecialtySchema,
});

export const DecisionVersionSchema = z
  .object({
    caseId: z.number().int().positive(),
    version: z.number().int().min(1),
    previousVersion: z.number().int().min(1).nullable(),
    correctionReason: z.string().trim().min(1).max(2000).nullable(),
    decision: DecisionSchema,
    attendance: AttendanceSchema,
    quorum: QuorumStampSchema,
    /** The board's Yjs snapshot at signing: its bytes live in storage, named by their hash. */
    boardSnapshot: z.object({ sha256: Sha256Schema, byteLength: z.number().int().min(0) }),
    lesionTable: z.array(LesionTableRowSchema),
    /** A start's gates still to meet before the first dose (decision 119); [] in older versions. */
    systemicConditions: SystemicConditionsSchema,
    signer: SignerSchema,
    signedAt: z.iso.datetime({ offset: true }),
  })
  .superRefine((v, ctx) => {
    if (v.decision.caseId !== v.caseId)
      ctx.addIssue({ code: "custom", path: ["decision", "caseId"], message: "other case" });
    const first = v.version === 1;
    if (first ? v.previousVersion !== null : v.previousVersion !== v.version - 1)
      ctx.addIssue({
        code: "custom",
        path: ["previousVersion"],
        message: "chain",
        params: { reason: "badVersionChain" },
      });
    if (!first && v.correctionReason === null)
      ctx.addIssue({
        code: "custom",
        path: ["correctionReason"],
        message: "a correction says why",
        params: { reason: "reasonRequired" },
      });
    if (first && v.correctionReason !== null)
      ctx.addIssue({ code: "custom", path: ["correctionReason"], message: "first version" });
  });
export type DecisionVersion = z.infer<typeof DecisionVersionSchema>;

export const SigningInputSchema = z.object({
  decision: DecisionSchema,
  attendance: AttendanceSchema,
  requiredSpecialties: z.array(RequiredSpecialtySchema),
  boardSnapshot: z.object({ sha256: Sha256Schema, byteLength: z.number().int().min(0) }),
  lesionTable: z.array(LesionTableRowSchema),
  systemicConditions: SystemicConditionsSchema,
  signer: SignerSchema,
  signedAt: z.iso.datetime({ offset: true }),
});
export type SigningInput = z.input<typeof SigningInputSchema>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function requireSignerPresent(attendance: readonly Attendee[], userId: number): void {
  const present = attendance.some(
    (a) => a.kind === "member" && a.userId === userId && a.physician && a.presence !== "absent",
  );
  if (!present)
    throw new DomainInputError(
      "decisionVersion",
      "notAllowed",
      {
        fr: "Le signataire doit être un médecin présent à la séance.",
        en: "The signer must be a physician present at the meeting.",
      },
      "signer.userId",
    );
}

function build(
  input: SigningInput,
  version: number,
  previous: DecisionVersion | null,
  reason: string | null,
) {
  const s = parseOrThrow(SigningInputSchema, input, "decisionVersion");
  requireSignerPresent(s.attendance, s.signer.userId);
  const v = parseOrThrow(
    DecisionVersionSchema,
    {
      caseId: s.decision.caseId,
      version,
      previousVersion: previous ? previous.version : null,
      correctionReason: reason,
      decision: s.decision,
      attendance: s.attendance,
      quorum: quorumStamp(quorum(s.attendance, s.requiredSpecialties)),
      boardSnapshot: s.boardSnapshot,
      lesionTable: s.lesionTable,
      systemicConditions: s.systemicConditions,
      signer: s.signer,
      signedAt: s.signedAt,
    },
    "decisionVersion",
  );
  return deepFreeze(v);
}

/** The first signed version of a case's decision; the quorum is computed and stamped now. */
export function signDecision(input: SigningInput): DecisionVersion {
  return build(input, 1, null, null);
}

/** A correction: the next version of the same case, with its reason; the previous one is kept. */
export function correctDecision(
  previousInput: DecisionVersion,
  input: SigningInput,
  correctionReason: string,
): DecisionVersion {
  const previous = parseOrThrow(DecisionVersionSchema, previousInput, "decisionVersion");
  const reason = parseOrThrow(
    z.string().trim().min(1).max(2000),
    correctionReason,
    "decisionVersion",
  );
  if (input.decision.caseId !== previous.caseId)
    throw new DomainInputError(
      "decisionVersion",
      "badVersionChain",
      {
        fr: "Une correction porte sur le même dossier que la version qu'elle remplace.",
        en: "A correction is for the same case as the version it replaces.",
      },
      "decision.caseId",
    );
  return build(input, previous.version + 1, previous, reason);
}

// ---- Diff for display ----

export interface VersionChange {
  /** Dotted path; array items keyed by lesionId or attendee when they have one. */
  path: string;
  before: unknown;
  after: unknown;
}

function itemKey(item: unknown, index: number): string {
  if (item && typeof item === "object") {
    const o = item as Record<string, unknown>;
    if (typeof o.lesionId === "string") return o.lesionId;
    if (typeof o.userId === "number") return `member:${o.userId}`;
    if (typeof o.guestId === "string") return `guest:${o.guestId}`;
  }
  return String(index);
}

function asKeyed(value: unknown): Map<string, unknown> | null {
  if (Array.isArray(value)) return new Map(value.map((v, i) => [itemKey(v, i), v]));
  if (value && typeof value === "object") return new Map(Object.entries(value));
  return null;
}

function diffValues(path: string, a: unknown, b: unknown, out: VersionChange[]): void {
  const ka = asKeyed(a);
  const kb = asKeyed(b);
  if (ka && kb && Array.isArray(a) === Array.isArray(b)) {
    for (const key of new Set([...ka.keys(), ...kb.keys()]))
      diffValues(path ? `${path}.${key}` : key, ka.get(key), kb.get(key), out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, before: a, after: b });
}

/**
 * What changed from one version to another, for the version history page: the decision, the
 * attendance, the quorum and the lesion table. Signing metadata (signer, time, number) is shown
 * beside the diff, not in it.
 */
export function diffDecisionVersions(
  before: DecisionVersion,
  after: DecisionVersion,
): VersionChange[] {
  const pick = (v: DecisionVersion) => ({
    decision: v.decision,
    attendance: v.attendance,
    quorum: v.quorum,
    lesionTable: v.lesionTable,
    systemicConditions: v.systemicConditions,
    boardSnapshot: v.boardSnapshot,
  });
  const out: VersionChange[] = [];
  diffValues("", pick(before), pick(after), out);
  return out;
}

/** How a version is named in the history and on the fiche. */
export function versionLabel(v: DecisionVersion): Label {
  return {
    fr:
      v.version === 1
        ? "version 1 (signée)"
        : `version ${v.version} (correction de la version ${v.previousVersion})`,
    en:
      v.version === 1
        ? "version 1 (signed)"
        : `version ${v.version} (correction of version ${v.previousVersion})`,
  };
}
