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
//       discussion    Y.Text                              per-lesion discussion
//   doc.getText("discussion:<caseId>")  Y.Text                          one case's discussion: each
//                                                                       case keeps its own; roots
//                                                                       merge by name, so two clients
//                                                                       creating it never race
//   doc.getText("discussion")        legacy root of the per-case boards (before decision 072):
//                                    emptied by the merge (server/collab/merge-boards.ts), never
//                                    written again (the update guard refuses it)
//
// Keys are ids (never array positions) so concurrent additions never clash. Reading is
// `boardJson(doc)` then the zod schemas of app/domain/board/schema.ts: whatever a client wrote is
// validated before it is used.
import * as Y from "yjs";
import type { LesionInput } from "../risk/lesion";
import {
  type BoardLesion,
  type BoardLesionDraft,
  BoardLesionSchema,
  type LenientBoard,
  type LesionAssessment,
  parseBoardLenient,
  type TreatmentOption,
} from "./schema";

export const LESIONS_KEY = "lesions";
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
    } else if (key === "assessments" && isRecord(value)) {
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
  return { lesions: lesionsMap(doc).toJSON(), discussion };
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
