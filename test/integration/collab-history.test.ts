// The board history reader (server/collab/history.ts): the list and the past states shown come
// from one reader that reads and decodes each snapshot once (issue 8: boardHistory decoded twice).
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addLesion, removeLesion } from "../../app/domain/board/ydoc";
import { type CollabStore, createCollabStore } from "../../db/collab";
import { openBoardHistory } from "../../server/collab/history";
import { makeLesion } from "./collab-client";
import { type InProcessCollab, startInProcessCollab } from "./collab-inprocess";

describe("board history reader", () => {
  let h: InProcessCollab | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("reads each snapshot once for the list and the states shown, with the right changes", async () => {
    h = await startInProcessCollab({});
    const { caseId, patientId, sqlite } = h;
    const store = createCollabStore(sqlite);
    const doc = new Y.Doc();
    const at = "2026-11-30T09:00:00.000Z";
    addLesion(doc, makeLesion(1));
    const s1 = store.writeSnapshot(patientId, Y.encodeStateAsUpdate(doc), 1, [h.userIds[0]], at);
    addLesion(doc, makeLesion(2));
    const s2 = store.writeSnapshot(patientId, Y.encodeStateAsUpdate(doc), 2, [h.userIds[1]], at);
    removeLesion(doc, "lesion-1");
    const s3 = store.writeSnapshot(patientId, Y.encodeStateAsUpdate(doc), 3, [h.userIds[0]], at);
    doc.destroy();

    const reads: string[] = [];
    const counting: CollabStore = {
      ...store,
      getSnapshot: (c, id) => {
        reads.push(`get ${id}`);
        return store.getSnapshot(c, id);
      },
      previousSnapshot: (c, id) => {
        reads.push(`previous of ${id}`);
        return store.previousSnapshot(c, id);
      },
    };
    const reader = openBoardHistory(sqlite, { patientId, caseId }, { store: counting });
    const history = reader.list(2);
    expect(history.entries.map((e) => e.snapshotId)).toEqual([s3, s2]);
    expect(history.entries[0]?.changes).toEqual([
      { lesionId: "lesion-1", kind: "removed", fields: [] },
    ]);
    expect(history.entries[1]?.changes).toEqual([
      { lesionId: "lesion-2", kind: "added", fields: [] },
    ]);
    // What the history page then shows: the selected state and the states around each entry.
    expect(reader.boardAt(s3)?.lesions.map((l) => l.id)).toEqual(["lesion-2"]);
    expect(
      reader
        .boardAt(s2)
        ?.lesions.map((l) => l.id)
        .sort(),
    ).toEqual(["lesion-1", "lesion-2"]);
    expect(reader.boardAt(s1)?.lesions.map((l) => l.id)).toEqual(["lesion-1"]);
    expect(reader.boardAt(s3 + 100)).toBeUndefined();
    expect(reads).toEqual([`get ${s3}`, `get ${s2}`, `previous of ${s2}`, `get ${s3 + 100}`]);
  });
});
