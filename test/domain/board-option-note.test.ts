// An option's note is shared text from the moment the option is proposed (issue 10 §1): two
// people typing in the same note keep both their words, where a plain string kept only the last.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addLesion,
  existingOptionNote,
  lesionsMap,
  optionNote,
  proposeOption,
  readLesion,
  setOptionStatus,
} from "../../app/domain/board/ydoc";

const femur = { id: "l1", siteId: "femur.trochanteric", side: "right" as const };
const option = {
  id: "o1",
  treatmentId: "rt.singleFraction8Gy" as const,
  proposedBy: 3,
  proposedAt: "2026-11-30T10:00:00.000Z",
  status: "proposed" as const,
  note: "",
};

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

function boardWithOption(): Y.Doc {
  const doc = new Y.Doc();
  addLesion(doc, femur);
  proposeOption(doc, "l1", option);
  return doc;
}

describe("an option's note", () => {
  it("is a Y.Text as soon as the option is proposed, read back as a string", () => {
    const doc = boardWithOption();
    expect(existingOptionNote(doc, "l1", "o1")).toBeInstanceOf(Y.Text);
    optionNote(doc, "l1", "o1").insert(0, "8 Gy en une fraction");
    expect(readLesion(doc, "l1")?.options.o1?.note).toBe("8 Gy en une fraction");
  });

  it("keeps both people's words when two type in the same note at the same place", () => {
    const bernard = boardWithOption();
    const laurent = new Y.Doc();
    sync(bernard, laurent);
    optionNote(bernard, "l1", "o1").insert(0, "Chir : avant RT.");
    optionNote(laurent, "l1", "o1").insert(0, "Radiothérapie 8 Gy.");
    sync(bernard, laurent);
    sync(laurent, bernard);
    const merged = optionNote(bernard, "l1", "o1").toString();
    expect(optionNote(laurent, "l1", "o1").toString()).toBe(merged);
    expect(merged).toContain("Chir : avant RT.");
    expect(merged).toContain("Radiothérapie 8 Gy.");
  });

  it("turns an older plain-string note into shared text keeping its words; a reader never converts it", () => {
    const doc = new Y.Doc();
    addLesion(doc, femur);
    // An option written before notes were shared text: the note is a plain string in the map.
    doc.transact(() => {
      const options = lesionsMap(doc).get("l1")?.get("options") as Y.Map<unknown>;
      const legacy = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ ...option, note: "ancienne note" })) legacy.set(k, v);
      options.set("o1", legacy);
    });
    expect(existingOptionNote(doc, "l1", "o1")).toBeNull();
    expect(readLesion(doc, "l1")?.options.o1?.note).toBe("ancienne note");
    const text = optionNote(doc, "l1", "o1");
    expect(text.toString()).toBe("ancienne note");
    expect(existingOptionNote(doc, "l1", "o1")).toBe(text);
  });

  it("replaces the whole note through setOptionStatus, still as shared text", () => {
    const doc = boardWithOption();
    optionNote(doc, "l1", "o1").insert(0, "brouillon");
    setOptionStatus(doc, "l1", "o1", { status: "retained", note: "accord RCP" });
    expect(existingOptionNote(doc, "l1", "o1")?.toString()).toBe("accord RCP");
    expect(readLesion(doc, "l1")?.options.o1).toMatchObject({
      status: "retained",
      note: "accord RCP",
    });
  });
});
