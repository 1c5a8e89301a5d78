// Which root types a client's update writes, resolved against the server's document (room.ts
// refuses any outside the connection's case). Yjs names the root only for an item without a
// neighbour: these are the edits that name a neighbour or a nested type instead, and deletions.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  decisionDraftMap,
  draftLesionNote,
  draftRationale,
  setDraftLesionField,
} from "../../app/domain/board/ydoc";
import { inspectUpdate, rootsWritten, UNRESOLVED_ROOT } from "../../server/collab/update-guard";

/** The server's document and a client in sync with it; `edit` runs on the client. */
function editAfterSync(setup: (doc: Y.Doc) => void, edit: (doc: Y.Doc) => void) {
  const server = new Y.Doc();
  setup(server);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const updates: Uint8Array[] = [];
  client.on("update", (u: Uint8Array) => updates.push(u));
  edit(client);
  const update = Y.mergeUpdates(updates);
  return { server, update };
}

describe("rootsWritten", () => {
  it("names the root of a new key, as inspectUpdate does", () => {
    const { server, update } = editAfterSync(
      () => {},
      (d) => setDraftLesionField(d, 2, "L1", "action", "observation"),
    );
    expect([...inspectUpdate(update).rootTypes]).toEqual(["decisionDraft:2"]);
    expect([...rootsWritten(server, update)]).toEqual(["decisionDraft:2"]);
  });

  it("finds the root of a map key set again (the update names only the previous value)", () => {
    const { server, update } = editAfterSync(
      (d) => decisionDraftMap(d, 2).set("patientInformed", "no"),
      (d) => decisionDraftMap(d, 2).set("patientInformed", "yes"),
    );
    expect(inspectUpdate(update).rootTypes.size).toBe(0);
    expect([...rootsWritten(server, update)]).toEqual(["decisionDraft:2"]);
  });

  it("finds the root of text typed before existing text of a root and of a nested text", () => {
    const { server, update } = editAfterSync(
      (d) => {
        d.getText("discussion:2").insert(0, "RCP");
        draftLesionNote(d, 2, "L1").insert(0, "clou");
      },
      (d) => {
        d.getText("discussion:2").insert(0, "x");
        draftLesionNote(d, 2, "L1").insert(2, "y");
      },
    );
    expect(inspectUpdate(update).rootTypes.size).toBe(0);
    expect([...rootsWritten(server, update)].sort()).toEqual(["decisionDraft:2", "discussion:2"]);
  });

  it("counts a deletion for the root of what it deletes, and ignores what is already deleted", () => {
    const { server, update } = editAfterSync(
      (d) => draftRationale(d, 3).insert(0, "Surveillance."),
      (d) => draftRationale(d, 3).delete(0, 4),
    );
    expect([...rootsWritten(server, update)]).toEqual(["decisionDraft:3"]);
    Y.applyUpdate(server, update);
    expect(rootsWritten(server, update).size).toBe(0);
  });

  it("marks a reference to content the server does not hold as unresolved", () => {
    const elsewhere = new Y.Doc();
    elsewhere.getText("discussion:9").insert(0, "abc");
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(elsewhere));
    const sv = Y.encodeStateVector(client);
    client.getText("discussion:9").insert(1, "z");
    const update = Y.encodeStateAsUpdate(client, sv);
    expect([...rootsWritten(new Y.Doc(), update)]).toEqual([UNRESOLVED_ROOT]);
  });
});
