// The length limit of a board text editor (app/board/collabEditor.ts): what a textarea's
// maxLength did, without ever refusing someone else's text arriving through the binding.
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { maxLengthFilter } from "../../app/board/collabEditor";

const state = (doc: string) => EditorState.create({ doc, extensions: [maxLengthFilter(10)] });

describe("board text length limit", () => {
  it("accepts typing up to the limit and refuses the keystroke past it", () => {
    const nine = state("123456789");
    const ten = nine.update({ changes: { from: 9, insert: "0" }, userEvent: "input.type" }).state;
    expect(ten.doc.toString()).toBe("1234567890");
    const eleven = ten.update({ changes: { from: 10, insert: "!" }, userEvent: "input.type" });
    expect(eleven.state.doc.toString()).toBe("1234567890");
  });

  it("refuses a paste that would go past the limit, whole", () => {
    const tr = state("12345").update({
      changes: { from: 5, insert: "abcdefgh" },
      userEvent: "input.paste",
    });
    expect(tr.state.doc.toString()).toBe("12345");
  });

  it("always lets a deletion through, even above the limit", () => {
    const over = EditorState.create({ doc: "123456789012", extensions: [maxLengthFilter(10)] });
    const tr = over.update({ changes: { from: 0, to: 1 }, userEvent: "delete.backward" });
    expect(tr.state.doc.toString()).toBe("23456789012");
  });

  it("applies another person's text arriving through the binding (no user event)", () => {
    const tr = state("1234567890").update({ changes: { from: 10, insert: " suite" } });
    expect(tr.state.doc.toString()).toBe("1234567890 suite");
  });
});
