// The text cursor relayed in a person's presence (decision 071) and the colour of their caret.

import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  colorForUser,
  parseTextCursor,
  TEXT_CURSOR_MAX_CHARS,
} from "../../app/domain/board/presence";

/** A cursor as y-codemirror.next puts it in the awareness state, through JSON like the wire. */
function cursorIn(text: Y.Text, anchor: number, head: number): unknown {
  const cursor = {
    anchor: Y.createRelativePositionFromTypeIndex(text, anchor),
    head: Y.createRelativePositionFromTypeIndex(text, head),
  };
  return JSON.parse(JSON.stringify(cursor));
}

describe("text cursor in presence", () => {
  it("keeps a cursor in the case discussion, and it still points at the same place", () => {
    const doc = new Y.Doc();
    const text = doc.getText("discussion");
    text.insert(0, "Fixation prophylactique proposée.");
    const parsed = parseTextCursor(cursorIn(text, 8, 8));
    expect(parsed).not.toBeNull();
    const back = Y.createAbsolutePositionFromRelativePosition(
      Y.createRelativePositionFromJSON(parsed?.head),
      doc,
    );
    expect(back?.type).toBe(text);
    expect(back?.index).toBe(8);
  });

  it("keeps a cursor at the end of a text (a root position, no item)", () => {
    const doc = new Y.Doc();
    const text = doc.getText("discussion");
    text.insert(0, "abc");
    const raw = cursorIn(text, 3, 3);
    expect(parseTextCursor(raw)).toEqual(raw);
  });

  it("drops a malformed cursor: extra fields, wrong types, negative ids, script in a name", () => {
    const ok = { anchor: { tname: "discussion", assoc: 0 }, head: { tname: "discussion" } };
    expect(parseTextCursor(ok)).toEqual(ok);
    for (const bad of [
      "cursor",
      42,
      [],
      { anchor: ok.anchor },
      { ...ok, extra: 1 },
      { anchor: { ...ok.anchor, html: "<img>" }, head: ok.head },
      { anchor: { item: { client: -1, clock: 0 } }, head: ok.head },
      { anchor: { item: { client: 1.5, clock: 0 } }, head: ok.head },
      { anchor: { item: { client: "1", clock: 0 } }, head: ok.head },
      { anchor: { assoc: 7 }, head: ok.head },
    ]) {
      expect(parseTextCursor(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it("drops an oversized cursor and treats a missing one as none", () => {
    const long = { anchor: { tname: "x".repeat(64) }, head: { tname: "y".repeat(65) } };
    expect(parseTextCursor(long)).toBeNull();
    const nearLimit = {
      anchor: { tname: "x".repeat(64), item: { client: 2 ** 52, clock: 2 ** 52 }, assoc: -1 },
      head: { tname: "y".repeat(64), item: { client: 2 ** 52, clock: 2 ** 52 }, assoc: -1 },
    };
    // The largest well-formed cursor fits under the limit: the limit refuses only junk.
    expect(JSON.stringify(nearLimit).length).toBeLessThan(TEXT_CURSOR_MAX_CHARS);
    expect(parseTextCursor(nearLimit)).toEqual(nearLimit);
    expect(parseTextCursor(null)).toBeNull();
    expect(parseTextCursor(undefined)).toBeNull();
  });

  it("gives a person the same caret colour every time and two neighbours different ones", () => {
    expect(colorForUser(3)).toBe(colorForUser(3));
    expect(colorForUser(3)).not.toBe(colorForUser(4));
    expect(colorForUser(3)).toMatch(/^#[0-9a-f]{6}$/);
  });
});
