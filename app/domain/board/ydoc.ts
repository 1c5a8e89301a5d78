// How the board document (app/domain/board/schema.ts, plain JSON) lives in a Yjs document. Shared by the
// browser (board page) and the server (projection, history); app/domain stays free of Yjs.
//
// Layout of one patient's Y.Doc, the lesion map every case of the patient opens (decision 072):
//   doc.getMap("lesions")            Y.Map<lesionId, Y.Map>            one entry per lesion
//     lesion Y.Map:
//       id, siteId, side, lesionType, size_mm, escc, frankel, asia, completedFracture,
//       newNeurologicalDeficit, createdBy, createdAt      plain values (last writer wins per key)
//       pain, mirels, sins, harrington, cortical, fe,
//       previousRadiotherapy                              nested Y.Map of items, so two people
//                                                         scoring different items of one score
//                                                         both keep their edit
//       options       Y.Map<optionId, Y.Map>              status and note edited concurrently
//       assessments   Y.Map<assessmentId, plain object>   written once, replaced whole
//       readings      Y.Map<readingId, plain object>      dated pain/OMED/Frankel/ASIA readings,
//                                                         written once, replaced whole (dec. 130)
//       discussion    Y.Text                              per-lesion discussion
//   doc.getText("discussion:<caseId>")  Y.Text                          one case's discussion: each
//                                                                       case keeps its own; roots
//                                                                       merge by name, so two clients
//                                                                       creating it never race
//   doc.getText("discussion")        legacy root of the per-case boards (before decision 072):
//                                    emptied by the merge (server/collab/merge-boards.ts), never
//                                    written again (the update guard refuses it)
//   doc.getMap("decisionDraft:<caseId>")  one case's decision draft (decision 091; layout below)
//
// Keys are ids (never array positions) so concurrent additions never clash. Reading is
// `boardJson(doc)` then the zod schemas of app/domain/board/schema.ts: whatever a client wrote is
// validated before it is used.
import * as Y from "yjs";
import type { BtaAgent } from "../bta/agents";
import type { PauseReason } from "../bta/sequence";
import type { SystemicAction } from "../decision/schema";
import type { TrialId } from "../decision/trials";
import type { YesNo } from "../decision/vocabulary";
import { type FeLesionResult, FeLesionResultSchema } from "../fe/result";
import type { Specialty } from "../records/permissions";
import type { LesionInput } from "../risk/lesion";
import type { LocalTreatmentId } from "../treatments/catalogue";
import {
  type BoardLesion,
  type BoardLesionDraft,
  BoardLesionSchema,
  type LenientBoard,
  type LesionAssessment,
  type LesionReadingDraft,
  LesionReadingSchema,
  parseBoardLenient,
  type TreatmentOption,
} from "./schema";

export const LESIONS_KEY = "lesions";
/**
 * The server-owned root of FE results, by lesion id (decision 086): no client connection may write
 * it (server/collab/room.ts allowedRoots); the job runner writes it through the collab server.
 */
export const FE_RESULTS_KEY = "feResults";
/** The one case-level discussion of a per-case board before decision 072. */
export const LEGACY_DISCUSSION_KEY = "discussion";
const DISCUSSION_PREFIX = "discussion:";
const DISCUSSION_ROOT = /^discussion:([1-9][0-9]{0,15})$/;

/** The root name of one case's discussion in its patient's map, e.g. `discussion:42`. */
export function caseDiscussionKey(caseId: number): string {
  if (!Number.isSafeInteger(caseId) || caseId < 1) {
    throw new RangeError("a case discussion needs a positive integer case id");
  }
  return `${DISCUSSION_PREFIX}${caseId}`;
}

/** The case id of a `discussion:<id>` root name, or null for any other name. */
export function caseIdOfDiscussionKey(name: string): number | null {
  const match = DISCUSSION_ROOT.exec(name);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : null;
}

/** LesionInput fields stored as nested Y.Maps (objects of score items). */
export const NESTED_LESION_FIELDS = [
  "pain",
  "mirels",
  "sins",
  "harrington",
  "cortical",
  "fe",
  "previousRadiotherapy",
] as const satisfies readonly (keyof LesionInput)[];
export type NestedLesionField = (typeof NESTED_LESION_FIELDS)[number];

const NESTED: ReadonlySet<string> = new Set(NESTED_LESION_FIELDS);

export type YLesion = Y.Map<unknown>;

export function lesionsMap(doc: Y.Doc): Y.Map<YLesion> {
  return doc.getMap<YLesion>(LESIONS_KEY);
}

/** One case's discussion in its patient's map (created empty on first use). */
export function caseDiscussion(doc: Y.Doc, caseId: number): Y.Text {
  return doc.getText(caseDiscussionKey(caseId));
}

/** The cases that have a discussion root in this map, ascending. */
export function discussionCaseIds(doc: Y.Doc): number[] {
  const ids: number[] = [];
  for (const name of doc.share.keys()) {
    const id = caseIdOfDiscussionKey(name);
    if (id !== null) ids.push(id);
  }
  return ids.sort((a, b) => a - b);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mapOf(entries: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) map.set(k, v);
  return map;
}

/**
 * An option's Y.Map. Its note is a Y.Text created with the option, so two people typing in the
 * note at once both keep their text (issue 10 §1; a plain string would be last-writer-wins).
 * `toJSON()` turns it back into the string the board schema reads.
 */
function optionToY(option: TreatmentOption): Y.Map<unknown> {
  const { note, ...rest } = option;
  const map = mapOf({ ...rest });
  map.set("note", new Y.Text(note ?? ""));
  return map;
}

/** Builds the Y.Map of one lesion from its JSON (validated first: invalid input throws). */
export function lesionToY(draft: BoardLesionDraft): YLesion {
  const lesion = BoardLesionSchema.parse(draft);
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(lesion)) {
    if (value === undefined) continue;
    if (key === "discussion" && typeof value === "string") {
      map.set(key, new Y.Text(value));
    } else if (key === "options" && isRecord(value)) {
      const options = new Y.Map<unknown>();
      for (const option of Object.values(lesion.options)) options.set(option.id, optionToY(option));
      map.set(key, options);
    } else if ((key === "assessments" || key === "readings") && isRecord(value)) {
      map.set(key, mapOf(value));
    } else if (NESTED.has(key) && isRecord(value)) {
      map.set(key, mapOf(value));
    } else {
      map.set(key, value);
    }
  }
  return map;
}

/**
 * The board of one case as plain JSON: the patient's lesions and that case's discussion (none for
 * null). Unvalidated: pass it to parseBoardLenient or the schemas.
 */
export function boardJson(
  doc: Y.Doc,
  caseId: number | null,
): { lesions: Record<string, unknown>; discussion: string } {
  const discussion = caseId === null ? "" : caseDiscussion(doc, caseId).toString();
  return { lesions: withFeResults(lesionsMap(doc).toJSON(), doc), discussion };
}

/**
 * The lesions with the server's FE results in them (decision 086): a computed failure load
 * replaces a typed one (scores are computed, not typed), so the rule fracture.feFailureLoad, the
 * worklists and the fiche read it; a `feResult` a client wrote into a lesion is dropped.
 */
function withFeResults(lesions: Record<string, unknown>, doc: Y.Doc): Record<string, unknown> {
  const results = doc.getMap<unknown>(FE_RESULTS_KEY);
  const out: Record<string, unknown> = {};
  for (const [id, raw] of Object.entries(lesions)) {
    if (!raw || typeof raw !== "object") {
      out[id] = raw;
      continue;
    }
    const { feResult: _forged, ...lesion } = raw as Record<string, unknown>;
    // The multiple and its weight come only from a computed result (decision 132): a typed copy
    // of either is dropped, so a client cannot make the rule read a weight of its own.
    const {
      failureLoad_BW: _bw,
      bodyWeight_kg: _kg,
      ...fe
    } = lesion.fe && typeof lesion.fe === "object" ? (lesion.fe as Record<string, unknown>) : {};
    const parsed = FeLesionResultSchema.safeParse(results.get(id));
    if (!parsed.success) {
      // Anything but an object is left as written, for the schema to name it.
      out[id] = lesion.fe && typeof lesion.fe === "object" ? { ...lesion, fe } : lesion;
      continue;
    }
    out[id] = {
      ...lesion,
      fe: {
        ...fe,
        failureLoad_N: parsed.data.failureLoad_N,
        resultId: `fe-job-${parsed.data.jobId}`,
        failureLoad_BW: parsed.data.failureLoad_BW,
        ...(parsed.data.bodyWeight_kg === undefined
          ? {}
          : { bodyWeight_kg: parsed.data.bodyWeight_kg }),
      },
      feResult: parsed.data,
    };
  }
  return out;
}

/** Server only (the collab server's own document access): attaches a result to a lesion. */
export function setFeResult(doc: Y.Doc, lesionId: string, result: FeLesionResult): void {
  doc.transact(() => doc.getMap<unknown>(FE_RESULTS_KEY).set(lesionId, result), "server");
}

/** The board of one case, validated lesion by lesion (invalid lesions are listed, not thrown). */
export function readBoard(doc: Y.Doc, caseId: number | null): LenientBoard {
  return parseBoardLenient(boardJson(doc, caseId));
}

// ---- Edits: each in one transaction; pass an origin for Y.UndoManager's trackedOrigins ----

export function addLesion(doc: Y.Doc, lesion: BoardLesionDraft, origin?: unknown): void {
  const map = lesionToY(lesion);
  doc.transact(() => lesionsMap(doc).set(lesion.id, map), origin);
}

export function removeLesion(doc: Y.Doc, lesionId: string, origin?: unknown): void {
  doc.transact(() => lesionsMap(doc).delete(lesionId), origin);
}

function lesionOrThrow(doc: Y.Doc, lesionId: string): YLesion {
  const lesion = lesionsMap(doc).get(lesionId);
  if (!(lesion instanceof Y.Map)) throw new Error(`no lesion ${lesionId} on this board`);
  return lesion;
}

function childMap(parent: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const existing = parent.get(key);
  if (existing instanceof Y.Map) return existing;
  const created = new Y.Map<unknown>();
  parent.set(key, created);
  return created;
}

type ScalarLesionField = Exclude<keyof LesionInput, NestedLesionField | "id" | "siteId" | "side">;

/** Sets (or clears with undefined) a plain field: lesionType, size_mm, escc, frankel... */
export function setLesionField<K extends ScalarLesionField>(
  doc: Y.Doc,
  lesionId: string,
  field: K,
  value: LesionInput[K],
  origin?: unknown,
): void {
  doc.transact(() => {
    const lesion = lesionOrThrow(doc, lesionId);
    if (value === undefined) lesion.delete(field);
    else lesion.set(field, value);
  }, origin);
}

/** Moves a lesion to another site/side (both at once: the pair is validated together). */
export function setLesionSite(
  doc: Y.Doc,
  lesionId: string,
  siteId: string,
  side: LesionInput["side"],
  origin?: unknown,
): void {
  doc.transact(() => {
    const lesion = lesionOrThrow(doc, lesionId);
    lesion.set("siteId", siteId);
    lesion.set("side", side);
  }, origin);
}

/** Sets (or clears) one item of a score: setScoreItem(doc, id, "mirels", "pain", "functional"). */
export function setScoreItem<F extends NestedLesionField>(
  doc: Y.Doc,
  lesionId: string,
  field: F,
  item: keyof NonNullable<LesionInput[F]> & string,
  value: unknown,
  origin?: unknown,
): void {
  doc.transact(() => {
    const nested = childMap(lesionOrThrow(doc, lesionId), field);
    if (value === undefined) nested.delete(item);
    else nested.set(item, value);
  }, origin);
}

export function proposeOption(
  doc: Y.Doc,
  lesionId: string,
  option: TreatmentOption,
  origin?: unknown,
): void {
  doc.transact(() => {
    childMap(lesionOrThrow(doc, lesionId), "options").set(option.id, optionToY(option));
  }, origin);
}

export function setOptionStatus(
  doc: Y.Doc,
  lesionId: string,
  optionId: string,
  patch: Partial<Pick<TreatmentOption, "status" | "note">>,
  origin?: unknown,
): void {
  doc.transact(() => {
    const option = childMap(lesionOrThrow(doc, lesionId), "options").get(optionId);
    if (!(option instanceof Y.Map)) throw new Error(`no option ${optionId} on lesion ${lesionId}`);
    if (patch.status !== undefined) option.set("status", patch.status);
    if (patch.note !== undefined) {
      const note = option.get("note");
      if (note instanceof Y.Text) {
        note.delete(0, note.length);
        note.insert(0, patch.note);
      } else {
        option.set("note", new Y.Text(patch.note));
      }
    }
  }, origin);
}

/** The option's note if it is already shared text (never writes: for read-only viewers). */
export function existingOptionNote(doc: Y.Doc, lesionId: string, optionId: string): Y.Text | null {
  const options = lesionsMap(doc).get(lesionId)?.get("options");
  const option = options instanceof Y.Map ? options.get(optionId) : undefined;
  const note = option instanceof Y.Map ? option.get("note") : undefined;
  return note instanceof Y.Text ? note : null;
}

/**
 * The note of an option as a Y.Text (bind it to the editor). Options proposed before notes were
 * shared text hold a plain string: it is turned into a Y.Text on first use, keeping its words.
 */
export function optionNote(
  doc: Y.Doc,
  lesionId: string,
  optionId: string,
  origin?: unknown,
): Y.Text {
  const option = childMap(lesionOrThrow(doc, lesionId), "options").get(optionId);
  if (!(option instanceof Y.Map)) throw new Error(`no option ${optionId} on lesion ${lesionId}`);
  const existing = option.get("note");
  if (existing instanceof Y.Text) return existing;
  const text = new Y.Text(typeof existing === "string" ? existing : "");
  doc.transact(() => option.set("note", text), origin);
  return text;
}

export function addAssessment(
  doc: Y.Doc,
  lesionId: string,
  assessment: LesionAssessment,
  origin?: unknown,
): void {
  doc.transact(() => {
    childMap(lesionOrThrow(doc, lesionId), "assessments").set(assessment.id, { ...assessment });
  }, origin);
}

export function removeAssessment(
  doc: Y.Doc,
  lesionId: string,
  assessmentId: string,
  origin?: unknown,
): void {
  doc.transact(() => {
    childMap(lesionOrThrow(doc, lesionId), "assessments").delete(assessmentId);
  }, origin);
}

/**
 * Adds (or replaces whole) one dated clinical reading. Validated first: a reading without any
 * measure, or with a value out of range, throws and nothing is written. Each reading is its own key,
 * so two physicians adding readings at once both keep theirs.
 */
export function addReading(
  doc: Y.Doc,
  lesionId: string,
  reading: LesionReadingDraft,
  origin?: unknown,
): void {
  const parsed = LesionReadingSchema.parse(reading);
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed)) if (v !== undefined) plain[k] = v;
  doc.transact(() => {
    childMap(lesionOrThrow(doc, lesionId), "readings").set(parsed.id, plain);
  }, origin);
}

export function removeReading(
  doc: Y.Doc,
  lesionId: string,
  readingId: string,
  origin?: unknown,
): void {
  doc.transact(() => {
    childMap(lesionOrThrow(doc, lesionId), "readings").delete(readingId);
  }, origin);
}

/** The lesion's discussion text, created on first use (bind it to the editor). */
export function lesionDiscussion(doc: Y.Doc, lesionId: string, origin?: unknown): Y.Text {
  const lesion = lesionOrThrow(doc, lesionId);
  const existing = lesion.get("discussion");
  if (existing instanceof Y.Text) return existing;
  const text = new Y.Text();
  doc.transact(() => lesion.set("discussion", text), origin);
  return text;
}

/** Convenience for tests, seeds and benchmarks: one lesion read back as validated JSON. */
export function readLesion(doc: Y.Doc, lesionId: string): BoardLesion | undefined {
  const lesion = lesionsMap(doc).get(lesionId);
  if (!(lesion instanceof Y.Map)) return undefined;
  const parsed = BoardLesionSchema.safeParse(lesion.toJSON());
  return parsed.success ? parsed.data : undefined;
}

// ---- The decision draft of one case (issue 11 §5, decisions 091 and 113) ----
//
//   doc.getMap("decisionDraft:<caseId>")   Y.Map, one per case of the patient
//     lesions        Y.Map<lesionId, Y.Map>   action, targetDate, responsibleSpecialty (plain, last
//                                              writer wins per key), note (Y.Text)
//     systemic       Y.Map                    action, agent, dose_mg, intervalWeeks, reason
//     imaging        Y.Map<rowId, Y.Map>      modality, dueDate, at (order of addition)
//     guidelineFollowed  Y.Text
//     departures     Y.Map<rowId, Y.Map>      what, reason (plain strings), at
//     trial          Y.Map                    proposed (boolean), trialId
//     patientInformed, patientNotObjecting     "yes" | "no"; absent = not answered
//     rationale      Y.Text
// Every key is absent until someone chooses: nothing is pre-selected (clinical.md §8.2).

const DECISION_DRAFT_PREFIX = "decisionDraft:";

/** The root name of one case's decision draft in its patient's map, e.g. `decisionDraft:42`. */
export function decisionDraftKey(caseId: number): string {
  if (!Number.isSafeInteger(caseId) || caseId < 1) {
    throw new RangeError("a decision draft needs a positive integer case id");
  }
  return `${DECISION_DRAFT_PREFIX}${caseId}`;
}

/** One case's draft (created empty on first use: a root, so two clients never race). */
export function decisionDraftMap(doc: Y.Doc, caseId: number): Y.Map<unknown> {
  return doc.getMap<unknown>(decisionDraftKey(caseId));
}

/** The draft as plain JSON (Y.Text → string), unvalidated: readDecisionDraft (decision/draft.ts). */
export function decisionDraftJson(doc: Y.Doc, caseId: number): unknown {
  const name = decisionDraftKey(caseId);
  // Reading never creates the root on a document that has none (a stored doc on the server).
  if (!doc.share.has(name)) return undefined;
  return decisionDraftMap(doc, caseId).toJSON();
}

/** What the writers set on one lesion's row (decision/draft.ts reads them back leniently). */
export interface DraftLesionChoice {
  action?: LocalTreatmentId;
  targetDate?: string;
  responsibleSpecialty?: Specialty;
}

/** The systemic block's fields (its legality is checked by decision/systemic.ts at signing). */
export interface DraftSystemicChoice {
  action?: SystemicAction;
  agent?: BtaAgent;
  dose_mg?: number;
  intervalWeeks?: number;
  reason?: PauseReason;
}

function setOrDelete(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}

function draftLesion(doc: Y.Doc, caseId: number, lesionId: string): Y.Map<unknown> {
  return childMap(childMap(decisionDraftMap(doc, caseId), "lesions"), lesionId);
}

type DraftLesionField = keyof DraftLesionChoice;

/** Sets (or clears with undefined) the action, target date or specialty of one lesion. */
export function setDraftLesionField<K extends DraftLesionField>(
  doc: Y.Doc,
  caseId: number,
  lesionId: string,
  field: K,
  value: DraftLesionChoice[K],
  origin?: unknown,
): void {
  doc.transact(() => setOrDelete(draftLesion(doc, caseId, lesionId), field, value), origin);
}

/** A Y.Text of the draft, created on first use (bind it to CollabEditor). */
function draftText(parent: Y.Map<unknown>, key: string, origin: unknown): Y.Text {
  const existing = parent.get(key);
  if (existing instanceof Y.Text) return existing;
  const text = new Y.Text();
  parent.doc?.transact(() => parent.set(key, text), origin);
  return text;
}

/** The note of one lesion's decision (shared text). */
export function draftLesionNote(
  doc: Y.Doc,
  caseId: number,
  lesionId: string,
  origin?: unknown,
): Y.Text {
  let lesion: Y.Map<unknown> | undefined;
  doc.transact(() => {
    lesion = draftLesion(doc, caseId, lesionId);
  }, origin);
  if (!lesion) throw new Error("unreachable: the lesion's draft map was just made");
  return draftText(lesion, "note", origin);
}

/** The rationale ("argumentaire") of the draft (shared text). */
export function draftRationale(doc: Y.Doc, caseId: number, origin?: unknown): Y.Text {
  return draftText(decisionDraftMap(doc, caseId), "rationale", origin);
}

/** The référentiel followed ("référentiel suivi") of the draft (shared text). */
export function draftGuidelineFollowed(doc: Y.Doc, caseId: number, origin?: unknown): Y.Text {
  return draftText(decisionDraftMap(doc, caseId), "guidelineFollowed", origin);
}

/** An existing shared text of the draft, or null (never writes: for read-only viewers). */
export function existingDraftText(
  doc: Y.Doc,
  caseId: number,
  which: "rationale" | "guidelineFollowed" | { lesionNote: string },
): Y.Text | null {
  if (!doc.share.has(decisionDraftKey(caseId))) return null;
  const draft = decisionDraftMap(doc, caseId);
  let value: unknown;
  if (typeof which === "string") value = draft.get(which);
  else {
    const lesions = draft.get("lesions");
    const lesion = lesions instanceof Y.Map ? lesions.get(which.lesionNote) : undefined;
    value = lesion instanceof Y.Map ? lesion.get("note") : undefined;
  }
  return value instanceof Y.Text ? value : null;
}

/** Sets (or clears) one field of the systemic decision. */
export function setDraftSystemic<K extends keyof DraftSystemicChoice>(
  doc: Y.Doc,
  caseId: number,
  field: K,
  value: DraftSystemicChoice[K],
  origin?: unknown,
): void {
  doc.transact(
    () => setOrDelete(childMap(decisionDraftMap(doc, caseId), "systemic"), field, value),
    origin,
  );
}

type DraftRows = "imaging" | "departures";

/** Adds an empty row (imaging follow-up or departure); `at` keeps the order rows were added. */
export function addDraftRow(
  doc: Y.Doc,
  caseId: number,
  rows: DraftRows,
  rowId: string,
  at: number,
  origin?: unknown,
): void {
  doc.transact(() => {
    const row = new Y.Map<unknown>();
    row.set("at", at);
    childMap(decisionDraftMap(doc, caseId), rows).set(rowId, row);
  }, origin);
}

export function removeDraftRow(
  doc: Y.Doc,
  caseId: number,
  rows: DraftRows,
  rowId: string,
  origin?: unknown,
): void {
  doc.transact(() => childMap(decisionDraftMap(doc, caseId), rows).delete(rowId), origin);
}

/** Sets (or clears) one field of a row: imaging modality/dueDate, departure what/reason. */
export function setDraftRowField(
  doc: Y.Doc,
  caseId: number,
  rows: DraftRows,
  rowId: string,
  field: "modality" | "dueDate" | "what" | "reason",
  value: string | undefined,
  origin?: unknown,
): void {
  doc.transact(() => {
    const row = childMap(decisionDraftMap(doc, caseId), rows).get(rowId);
    if (!(row instanceof Y.Map)) throw new Error(`no ${rows} row ${rowId} in this draft`);
    setOrDelete(row, field, value);
  }, origin);
}

/** Sets (or clears) the trial proposal: proposed yes/no and the trial. */
export function setDraftTrial(
  doc: Y.Doc,
  caseId: number,
  patch: { proposed?: boolean | null; trialId?: TrialId | null },
  origin?: unknown,
): void {
  doc.transact(() => {
    const trial = childMap(decisionDraftMap(doc, caseId), "trial");
    if (patch.proposed !== undefined) setOrDelete(trial, "proposed", patch.proposed ?? undefined);
    if (patch.trialId !== undefined) setOrDelete(trial, "trialId", patch.trialId ?? undefined);
  }, origin);
}

/** Patient informed / not objecting: "yes", "no", or undefined (back to not answered). */
export function setDraftConsent(
  doc: Y.Doc,
  caseId: number,
  field: "patientInformed" | "patientNotObjecting",
  value: YesNo | undefined,
  origin?: unknown,
): void {
  doc.transact(() => setOrDelete(decisionDraftMap(doc, caseId), field, value), origin);
}
