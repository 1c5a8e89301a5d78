// The patient timeline page on the real server (issue 12 §5, decision 108): M. Garnier's signed
// decision and its meeting, skeletal events planned and in emergency with distinct marks, a lesion's
// imaging assessment written into his stored board (decision 129), a new patient's clear "nothing
// yet", an unknown patient's 404, another RCP's patient not disclosed.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addAssessment, readBoard } from "../../app/domain/board/ydoc";
import { createCollabStore } from "../../db/collab";
import { loadStoredBoardDoc } from "../../server/collab/history";
import { queryRows } from "../helpers/db";
import { DEMO, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

describe("the patient timeline", () => {
  let srv: TestServer;
  let physician: string;
  let garnier: number;

  beforeAll(async () => {
    srv = await startServer();
    physician = await signIn(srv.url, DEMO.physician);
    const [p] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM patients WHERE hospital_id = 'DEMO-0002'",
    );
    garnier = p?.id ?? 0;
    const [u] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM users WHERE email = ?",
      DEMO.physician.email,
    );
    // The use cases that record skeletal events belong to another branch (issue 12 §3); the rows
    // are written as they would store them.
    const db = new Database(srv.dbPath);
    try {
      const insert = db.prepare(
        "INSERT INTO skeletal_events (patient_id, lesion_id, kind, date, planned, recorded_by) VALUES (?, NULL, ?, ?, ?, ?)",
      );
      insert.run(garnier, "radiotherapyToBone", "2026-10-05", 1, u?.id);
      insert.run(garnier, "pathologicalFracture", "2026-10-20", 0, u?.id);
    } finally {
      db.close();
    }
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("draws M. Garnier's meeting, signed decision and skeletal events in French lanes", async () => {
    const res = await get(srv.url, `/patients/${garnier}/timeline`, physician);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const lane of [
      "Anti-résorbeur",
      "Doses",
      "Traitements locaux",
      "Événements osseux",
      "RCP et décisions",
      "Imagerie",
    ])
      expect(html).toContain(`>${lane}</text>`);
    expect(html).toContain('data-marker="decision"');
    expect(html).toContain('data-marker="meeting"');
    expect(html).toMatch(
      /data-marker="skeletalPlanned"[\s\S]*Radiothérapie osseuse — 05\/10\/2026/,
    );
    expect(html).toMatch(
      /data-marker="skeletalEmergency"[\s\S]*Fracture pathologique — 20\/10\/2026/,
    );
    // The legend names both kinds of skeletal event, not only their colours.
    expect(html).toContain("Événement osseux programmé");
    expect(html).toContain("Événement osseux en urgence");
    expect(html).toContain("Exporter en PNG");
  });

  it("shows an MRI progression written into M. Garnier's stored board on his femur's own row", async () => {
    // Written as the collaboration server stores an edit: an update appended to the board.
    const sqlite = new Database(srv.dbPath);
    try {
      sqlite.pragma("busy_timeout = 5000");
      const store = createCollabStore(sqlite);
      const doc = loadStoredBoardDoc(store, garnier);
      const before = Y.encodeStateVector(doc);
      const femur = readBoard(doc, null).lesions.find((l) => l.siteId === "femur.diaphysis");
      expect(femur?.side).toBe("left");
      addAssessment(doc, femur?.id ?? "", {
        id: "tl-mri",
        imagingDate: "2026-11-25",
        modality: "mri",
        response: "progression",
      });
      store.appendUpdate(
        garnier,
        null,
        null,
        Y.encodeStateAsUpdate(doc, before),
        new Date().toISOString(),
      );
      doc.destroy();
    } finally {
      sqlite.close();
    }
    const data = await get(
      srv.url,
      `/patients/${garnier}/timeline?_data=${encodeURIComponent("routes/patients.$patientId.timeline")}`,
      physician,
    );
    expect(data.status).toBe(200);
    const { facts } = (await data.json()) as {
      facts: {
        lesionAssessments: { number: number; date: string; modality: string; response: string }[];
      };
    };
    // The seed maps L4, then the right ilium, then the left femoral shaft: the femur is lesion 3.
    expect(facts.lesionAssessments).toContainEqual(
      expect.objectContaining({
        number: 3,
        date: "2026-11-25",
        modality: "mri",
        response: "progression",
      }),
    );
    const html = await (await get(srv.url, `/patients/${garnier}/timeline`, physician)).text();
    expect(html).toContain("3. Fémur – diaphyse, côté gauche");
    expect(html).toMatch(
      /data-marker="responseProgression"><title>3\. Fémur – diaphyse, côté gauche — IRM : progression — 25\/11\/2026</,
    );
    // The seeded sclerotic condensation of the right ilium (20/10/2026) has its own mark.
    expect(html).toMatch(
      /data-marker="responseSclerotic"><title>2\. [^<]*condensation \(sclérose\) — 20\/10\/2026</,
    );
    expect(html).toContain("Imagerie : progression");
  });

  it("says plainly that a new patient has nothing yet", async () => {
    const [r] = queryRows<{ rcp_id: number }>(
      srv.dbPath,
      "SELECT rcp_id FROM patients WHERE id = ?",
      garnier,
    );
    const res = await postForm(
      srv.url,
      "/patients/new",
      {
        hospitalId: "TL-EMPTY",
        lastName: "Vide",
        firstName: "Paul",
        birthDate: "1950-01-01",
        sex: "M",
        "primaryCancer.type": "prostate",
        "primaryCancer.castration": "sensitive",
        systemicTreatment: "none",
        rcpId: String(r?.rcp_id),
      },
      { cookie: physician },
    );
    expect(res.status).toBe(302);
    const id = Number(res.headers.get("location")?.split("/").pop());
    const html = await (await get(srv.url, `/patients/${id}/timeline`, physician)).text();
    expect(html).toContain("Rien encore sur la chronologie de ce patient");
    expect(html).not.toContain('role="img"');
  });

  it("answers 404 for a patient that does not exist", async () => {
    expect((await get(srv.url, "/patients/999999/timeline", physician)).status).toBe(404);
  });
});
