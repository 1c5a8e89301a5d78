// A lesion's discussion is a shared text from the moment the lesion exists (decision 071): two
// people opening a new lesion and typing at once type into the same Y.Text. Were it created on
// first use, each browser would set its own and one person's text would be replaced.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addLesion, lesionDiscussion, lesionsMap } from "../../app/domain/board/ydoc";

const femur = {
  id: "l1",
  siteId: "femur.trochanteric",
  side: "right" as const,
  lesionType: "lytic" as const,
};

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe("a lesion's discussion text", () => {
  it("exists as a Y.Text as soon as the lesion is added, empty", () => {
    const doc = new Y.Doc();
    addLesion(doc, femur);
    const text = lesionsMap(doc).get("l1")?.get("discussion");
    expect(text).toBeInstanceOf(Y.Text);
    expect((text as Y.Text).toString()).toBe("");
  });

  it("keeps both people's words when two start typing in a new lesion at once", () => {
    const bernard = new Y.Doc();
    const laurent = new Y.Doc();
    addLesion(bernard, femur);
    sync(bernard, laurent);
    // Both open the lesion before either has typed: neither writes a new text.
    lesionDiscussion(bernard, "l1").insert(0, "Rhumato.");
    lesionDiscussion(laurent, "l1").insert(0, "Chir.");
    sync(bernard, laurent);
    sync(laurent, bernard);
    const merged = lesionDiscussion(bernard, "l1").toString();
    expect(lesionDiscussion(laurent, "l1").toString()).toBe(merged);
    expect(merged).toContain("Rhumato.");
    expect(merged).toContain("Chir.");
  });
});
