import { describe, expect, it } from "vitest";
import { boardRoomName, parseBoardRoomName } from "../../app/domain/board/room";

describe("board room name", () => {
  it("names a case's room case:<id> and reads it back", () => {
    expect(boardRoomName(42)).toBe("case:42");
    expect(parseBoardRoomName("case:42")).toBe(42);
    expect(parseBoardRoomName(boardRoomName(Number.MAX_SAFE_INTEGER))).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it("has one spelling per case: anything else is not a board room", () => {
    for (const name of [
      "case:0",
      "case:042",
      "case:-1",
      "case:+1",
      "case: 1",
      "case:1 ",
      "case:1.0",
      "case:1/2",
      "Case:1",
      "board-1",
      "case:",
      "case:99999999999999999",
    ]) {
      expect(parseBoardRoomName(name), name).toBeNull();
    }
  });

  it("refuses to name a room for an id that is not a positive safe integer", () => {
    for (const id of [0, -3, 1.5, Number.NaN, 2 ** 53]) {
      expect(() => boardRoomName(id)).toThrow(RangeError);
    }
  });
});
