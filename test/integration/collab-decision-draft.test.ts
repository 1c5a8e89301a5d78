// The decision draft edited live in the patient's board (issue 11 §5, decision 091): real server,
// stock y-websocket clients. Concurrent choices converge to one value everywhere and in the file,
// both rationales typed at once are kept, a board opened from another case (or by an observer)
// cannot write the draft, and the stored draft survives a restart (what signing reads).
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import {
  addLesion,
  decisionDraftMap,
  draftRationale,
  setDraftConsent,
  setDraftLesionField,
} from "../../app/domain/board/ydoc";
import { type DecisionDraft, readDecisionDraft } from "../../app/domain/decision/draft";
import { createCollabStore } from "../../db/collab";
import { loadDecisionDraft } from "../../server/collab/decision-draft";
import { DEMO, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";
import {
  connectClient,
  insertEmptyCase,
  insertLaterCase,
  makeLesion,
  patientOfCase,
  sleep,
  type TestClient,
  waitFor,
} from "./collab-client";

const ENV = { COLLAB_PROJECTION_DEBOUNCE_MS: "50", COLLAB_ROOM_IDLE_MS: "200" };

/** The draft as the server stored it (latest snapshot + every acknowledged update). */
function storedDraft(dbPath: string, caseId: number): DecisionDraft {
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return loadDecisionDraft(createCollabStore(sqlite), patientOfCase(dbPath, caseId), caseId);
  } finally {
    sqlite.close();
  }
}

describe("the decision draft on the live board", () => {
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  const track = (c: TestClient) => {
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers.splice(0)) await s.stop();
  });

  async function boardWithOneLesion() {
    const srv = await startServer({ env: ENV });
    servers.push(srv);
    const [physician, coordinator, observer] = await Promise.all([
      signIn(srv.url, DEMO.physician),
      signIn(srv.url, DEMO.coordinator),
      signIn(srv.url, DEMO.observer),
    ]);
    const caseId = insertEmptyCase(srv.dbPath);
    const a = track(connectClient(srv.url, `case:${caseId}`, physician));
    const b = track(connectClient(srv.url, `case:${caseId}`, coordinator));
    await Promise.all([a.synced, b.synced]);
    addLesion(a.doc, makeLesion(1));
    await waitFor(() => readDecisionDraft(b.doc, caseId).lesions.length === 0, 5000);
    return { srv, caseId, a, b, cookies: { physician, coordinator, observer } };
  }

  it("converges on one action when two physicians choose it at the same moment, and stores it", async () => {
    const { srv, caseId, a, b } = await boardWithOneLesion();
    // Same tick: neither has seen the other's choice when making its own.
    setDraftLesionField(a.doc, caseId, "lesion-1", "action", "rt.singleFraction8Gy");
    setDraftLesionField(b.doc, caseId, "lesion-1", "action", "surgery.prophylacticNailing");
    const actionOf = (d: DecisionDraft) => d.lesions.find((l) => l.lesionId === "lesion-1")?.action;
    await waitFor(
      () => {
        const onA = actionOf(readDecisionDraft(a.doc, caseId));
        return onA !== undefined && onA === actionOf(readDecisionDraft(b.doc, caseId));
      },
      5000,
      "both clients agree",
    );
    const agreed = actionOf(readDecisionDraft(a.doc, caseId));
    expect(["rt.singleFraction8Gy", "surgery.prophylacticNailing"]).toContain(agreed);
    await waitFor(() => actionOf(storedDraft(srv.dbPath, caseId)) === agreed, 5000, "stored");
  });

  it("keeps both texts when two physicians type in the rationale at the same position", async () => {
    const { srv, caseId, a, b } = await boardWithOneLesion();
    draftRationale(a.doc, caseId);
    await waitFor(() => decisionDraftMap(b.doc, caseId).has("rationale"), 5000, "rationale");
    draftRationale(a.doc, caseId).insert(0, "Mirels 9, fixation.");
    draftRationale(b.doc, caseId).insert(0, "SINS 12, avis rachis.");
    const both = (text: string) =>
      text.includes("Mirels 9, fixation.") && text.includes("SINS 12, avis rachis.");
    await waitFor(
      () =>
        both(readDecisionDraft(a.doc, caseId).rationale) &&
        readDecisionDraft(a.doc, caseId).rationale === readDecisionDraft(b.doc, caseId).rationale,
      5000,
      "both texts on both clients",
    );
    await waitFor(() => both(storedDraft(srv.dbPath, caseId).rationale), 5000, "both stored");
  });

  it("refuses a board opened from another case writing this case's draft, even an existing field", async () => {
    const { srv, caseId, a, cookies } = await boardWithOneLesion();
    setDraftLesionField(a.doc, caseId, "lesion-1", "action", "observation");
    draftRationale(a.doc, caseId).insert(0, "Surveillance.");
    const otherCase = insertLaterCase(srv.dbPath, caseId);
    const intruderNew = track(connectClient(srv.url, `case:${otherCase}`, cookies.physician));
    const intruderOld = track(connectClient(srv.url, `case:${otherCase}`, cookies.physician));
    await Promise.all([intruderNew.synced, intruderOld.synced]);
    await waitFor(
      () => readDecisionDraft(intruderOld.doc, caseId).rationale === "Surveillance.",
      5000,
      "the other case's board sees the draft",
    );
    // A new key of case 1's draft: the update names the root, refused (1007).
    setDraftConsent(intruderNew.doc, caseId, "patientInformed", "yes");
    // A key set again and text typed next to existing text name only their neighbour: refused too.
    setDraftLesionField(intruderOld.doc, caseId, "lesion-1", "action", "surgery.arthroplasty");
    draftRationale(intruderOld.doc, caseId).insert(0, "Intrus. ");
    await waitFor(
      () => intruderNew.closeCodes.includes(1007) && intruderOld.closeCodes.includes(1007),
      5000,
      "both closed with 1007",
    );
    await sleep(300);
    const stored = storedDraft(srv.dbPath, caseId);
    expect(stored.patientInformed).toBeUndefined();
    expect(stored.lesions).toEqual([{ lesionId: "lesion-1", action: "observation", note: "" }]);
    expect(stored.rationale).toBe("Surveillance.");
    expect(readDecisionDraft(a.doc, caseId).rationale).toBe("Surveillance.");
    // Its own case's draft is open to it.
    const own = track(connectClient(srv.url, `case:${otherCase}`, cookies.physician));
    await own.synced;
    setDraftLesionField(own.doc, otherCase, "lesion-1", "action", "rt.multiFraction");
    await waitFor(
      () => storedDraft(srv.dbPath, otherCase).lesions[0]?.action === "rt.multiFraction",
      5000,
      "own draft stored",
    );
    expect(own.closeCodes).not.toContain(1007);
  });

  it("drops an observer's edit of the draft and tells them", async () => {
    const { srv, caseId, a, cookies } = await boardWithOneLesion();
    const watcher = track(connectClient(srv.url, `case:${caseId}`, cookies.observer));
    await watcher.synced;
    setDraftConsent(watcher.doc, caseId, "patientNotObjecting", "yes");
    await waitFor(() => watcher.denied.length > 0, 5000, "permission denied");
    await sleep(300);
    expect(readDecisionDraft(a.doc, caseId).patientNotObjecting).toBeUndefined();
    expect(storedDraft(srv.dbPath, caseId).patientNotObjecting).toBeUndefined();
  });

  it("reads the stored draft back after a restart (what signing reads)", async () => {
    const { srv, caseId, a } = await boardWithOneLesion();
    setDraftLesionField(a.doc, caseId, "lesion-1", "action", "observation");
    setDraftLesionField(a.doc, caseId, "lesion-1", "responsibleSpecialty", "rheumatology");
    setDraftConsent(a.doc, caseId, "patientInformed", "no");
    draftRationale(a.doc, caseId).insert(0, "Lésion stable.");
    const expected = readDecisionDraft(a.doc, caseId);
    await waitFor(
      () => JSON.stringify(storedDraft(srv.dbPath, caseId)) === JSON.stringify(expected),
      5000,
      "stored before the restart",
    );
    for (const c of clients.splice(0)) c.destroy();
    await srv.stop();
    servers.pop();
    const again = await startServer({ dbPath: srv.dbPath, port: srv.port, env: ENV });
    servers.push(again);
    expect(storedDraft(again.dbPath, caseId)).toEqual({
      lesions: [
        {
          lesionId: "lesion-1",
          action: "observation",
          responsibleSpecialty: "rheumatology",
          note: "",
        },
      ],
      systemic: {},
      imagingFollowUp: [],
      guideline: { followed: "", departures: [] },
      trial: {},
      patientInformed: "no",
      rationale: "Lésion stable.",
      dropped: [],
    });
    const reader = track(
      connectClient(again.url, `case:${caseId}`, await signIn(again.url, DEMO.coordinator)),
    );
    await reader.synced;
    expect(readDecisionDraft(reader.doc, caseId).rationale).toBe("Lésion stable.");
  });
});
