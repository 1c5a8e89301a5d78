// BTA sequences over HTTP on the real server and SQLite file (issue 12 §1): each legal event is
// one row and one audit row; an illegal event is a 409 carrying the engine's reason and writes
// nothing; bad input is a 400 naming the field; only physicians record; the page shows the
// engine's state. Expected values are the clinic's (SmPC bands, calendar), worked out here.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const ROUTE = "routes/patients.$patientId._index";

interface PageData {
  bta: {
    status: string;
    agent: string | null;
    nextDoseDate: string | null;
    warnings: { id: string; source: string }[];
    events: { kind: string; doseMg: number | null }[];
  };
}
interface ErrorBody {
  errors: { field: string; message: string }[];
}

/** A saved event redirects back to the sequence (Remix answers a data request's redirect as 204). */
function expectSaved(res: Response, patientId: number) {
  expect(res.status).toBe(204);
  expect(res.headers.get("x-remix-redirect")).toBe(`/patients/${patientId}#bta`);
}

const GATES = {
  dentalCheckDate: "2026-06-20",
  calciumVitaminDPlan: "yes",
  baselineCalciumMmolL: "2.35",
};

describe("BTA sequences", () => {
  let srv: TestServer;
  let physician: string;
  let coordinator: string;
  let observer: string;
  let rcpId: number;

  const rows = (patientId: number) =>
    countRows(srv.dbPath, "bta_events", "patient_id = ?", patientId);
  const audits = () => countRows(srv.dbPath, "audit_log");
  const post = (patientId: number, fields: Record<string, string>, cookie = physician) =>
    postForm(srv.url, dataPath(`/patients/${patientId}`, ROUTE), fields, { cookie });
  const page = async (patientId: number): Promise<PageData> => {
    const res = await get(srv.url, dataPath(`/patients/${patientId}`, ROUTE), physician);
    expect(res.status).toBe(200);
    return (await res.json()) as PageData;
  };

  let serial = 0;
  /** A breast-cancer patient (ESMO: a BTA is indicated) with bone metastases since 1 June 2026. */
  async function newPatient(): Promise<number> {
    serial += 1;
    const res = await postForm(
      srv.url,
      "/patients/new",
      {
        hospitalId: `BTA-${serial}`,
        lastName: "Séquence",
        firstName: `Anne${serial}`,
        birthDate: "1960-05-04",
        sex: "F",
        "primaryCancer.type": "breast",
        "primaryCancer.hormoneReceptor": "positive",
        "primaryCancer.her2": "negative",
        boneMetastasisDiagnosisDate: "2026-06-01",
        systemicTreatment: "hormone_therapy",
        creatinineClearanceMlMin: "80",
        creatinineClearanceDate: "2026-06-15",
        survivalBand: "gt_2y",
        rcpId: String(rcpId),
      },
      { cookie: physician },
    );
    expect(res.status).toBe(302);
    return Number(res.headers.get("location")?.split("/").pop());
  }

  beforeAll(async () => {
    srv = await startServer();
    physician = await signIn(srv.url, DEMO.physician);
    coordinator = await signIn(srv.url, DEMO.coordinator);
    observer = await signIn(srv.url, DEMO.observer);
    const [r] = queryRows<{ rcp_id: number }>(
      srv.dbPath,
      "SELECT m.rcp_id FROM rcp_members m JOIN users u ON u.id = m.user_id WHERE u.email = ? ORDER BY m.rcp_id LIMIT 1",
      DEMO.physician.email,
    );
    rcpId = r?.rcp_id ?? 0;
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("records initiate → dose given → pause for dental care → resume → stop, one audit row each", async () => {
    const id = await newPatient();
    const steps: [Record<string, string>, string][] = [
      [
        {
          kind: "initiate",
          date: "2026-07-01",
          agent: "zoledronicAcid",
          intervalWeeks: "4",
          creatinineClearanceMlMin: "45",
          baselineCreatinineUmolL: "90",
          ...GATES,
        },
        "active",
      ],
      [{ kind: "dose_given", date: "2026-07-29", creatinineUmolL: "92" }, "active"],
      [{ kind: "pause", date: "2026-08-10", pauseReason: "dentalProcedure" }, "paused"],
      [{ kind: "resume", date: "2026-09-01" }, "active"],
      [{ kind: "stop", date: "2026-10-01" }, "stopped"],
    ];
    for (const [i, [fields, status]] of steps.entries()) {
      const auditsBefore = audits();
      const res = await post(id, fields);
      expectSaved(res, id);
      expect(rows(id)).toBe(i + 1);
      expect(audits()).toBe(auditsBefore + 1);
      const [audit] = queryRows<{ entity: string; entity_id: string; action: string }>(
        srv.dbPath,
        "SELECT entity, entity_id, action FROM audit_log ORDER BY id DESC LIMIT 1",
      );
      expect(audit).toEqual({
        entity: "patient",
        entity_id: String(id),
        action: `bta.${fields.kind}`,
      });
      expect((await page(id)).bta.status).toBe(status);
    }
    // SmPC 4.2: a clearance of 45 mL/min is the 40–49 band, 3.3 mg; the dose given carries it.
    const stored = queryRows<{ kind: string; dose_mg: number | null }>(
      srv.dbPath,
      "SELECT kind, dose_mg FROM bta_events WHERE patient_id = ? ORDER BY id",
      id,
    );
    expect(stored.slice(0, 2)).toEqual([
      { kind: "initiate", dose_mg: 3.3 },
      { kind: "dose_given", dose_mg: 3.3 },
    ]);
  });

  it("refuses a resume of a sequence never started with a 409 giving the reason, and writes nothing", async () => {
    const id = await newPatient();
    const auditsBefore = audits();
    const res = await post(id, { kind: "resume", date: "2026-09-01" });
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.errors[0]?.field).toBe("kind");
    expect(body.errors[0]?.message).toContain("Impossible de reprendre");
    expect(body.errors[0]?.message).toContain("non initié");
    expect(rows(id)).toBe(0);
    expect(audits()).toBe(auditsBefore);
  });

  it("refuses zoledronic acid under 30 mL/min (SmPC) with a 409 and writes nothing", async () => {
    const id = await newPatient();
    const res = await post(id, {
      kind: "initiate",
      date: "2026-07-01",
      agent: "zoledronicAcid",
      intervalWeeks: "4",
      creatinineClearanceMlMin: "25",
      ...GATES,
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).errors[0]?.message).toContain("< 30");
    expect(rows(id)).toBe(0);
  });

  it("refuses a first dose on a calcium of 2.05 mmol/L with a 409 on the calcium field (Peddi 2013: correct it first), and writes nothing", async () => {
    const id = await newPatient();
    const before = audits();
    const res = await post(id, {
      kind: "initiate",
      date: "2026-07-01",
      agent: "denosumab",
      intervalWeeks: "4",
      ...GATES,
      baselineCalciumMmolL: "2.05",
    });
    expect(res.status).toBe(409);
    const { errors } = (await res.json()) as ErrorBody;
    expect(errors.map((e) => e.field)).toEqual(["baselineCalciumMmolL"]);
    expect(errors[0]?.message).toContain("hypocalcémie à corriger");
    expect(rows(id)).toBe(0);
    expect(audits()).toBe(before);
  });

  it("in hypercalcaemia (2.85 mmol/L) asks only for the dental check, not for a calcium + vitamin D plan (Zometa SmPC)", async () => {
    const id = await newPatient();
    const res = await post(id, {
      kind: "initiate",
      date: "2026-07-01",
      agent: "zoledronicAcid",
      intervalWeeks: "4",
      creatinineClearanceMlMin: "80",
      baselineCalciumMmolL: "2.85",
    });
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as ErrorBody;
    expect(errors.map((e) => e.field)).toEqual(["dentalCheckDate"]);
    expect(rows(id)).toBe(0);
  });

  it("gives 4 mg above 60 mL/min and 3.5 mg at exactly 60 (SmPC bands)", async () => {
    for (const [crcl, dose] of [
      ["61", 4],
      ["60", 3.5],
    ] as const) {
      const id = await newPatient();
      const res = await post(id, {
        kind: "initiate",
        date: "2026-07-01",
        agent: "zoledronicAcid",
        intervalWeeks: "4",
        creatinineClearanceMlMin: crcl,
        ...GATES,
      });
      expectSaved(res, id);
      const [row] = queryRows<{ dose_mg: number }>(
        srv.dbPath,
        "SELECT dose_mg FROM bta_events WHERE patient_id = ?",
        id,
      );
      expect(row?.dose_mg).toBe(dose);
    }
  });

  it("answers bad input with a 400 naming the field, and writes nothing", async () => {
    const id = await newPatient();
    const auditsBefore = audits();
    const cases: [Record<string, string>, string][] = [
      [{ kind: "", date: "2026-07-01" }, "kind"],
      [{ kind: "initiate", date: "2026-07-01", intervalWeeks: "4", ...GATES }, "agent"],
      [{ kind: "stop", date: "2099-01-01" }, "date"],
      [{ kind: "pause", date: "2026-07-01" }, "pauseReason"],
      [{ kind: "pause", date: "2026-07-01", pauseReason: "other" }, "pauseReasonOther"],
      [{ kind: "initiate", date: "2026-07-01", agent: "aspirin", intervalWeeks: "4" }, "agent"],
      // The start gates: no dental check recorded before a first dose (Brown 2021 Table 3).
      [
        {
          kind: "initiate",
          date: "2026-07-01",
          agent: "denosumab",
          intervalWeeks: "4",
          calciumVitaminDPlan: "yes",
          baselineCalciumMmolL: "2.3",
        },
        "dentalCheckDate",
      ],
      [
        {
          kind: "initiate",
          date: "2026-07-01",
          agent: "denosumab",
          intervalWeeks: "4",
          ...GATES,
          baselineCalciumMmolL: "abc",
        },
        "baselineCalciumMmolL",
      ],
    ];
    for (const [fields, field] of cases) {
      const res = await post(id, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.errors.map((e) => e.field)).toContain(field);
    }
    expect(rows(id)).toBe(0);
    expect(audits()).toBe(auditsBefore);
  });

  it("asks for the creatinine before a zoledronic-acid dose (SmPC) with a 400 on that field", async () => {
    const id = await newPatient();
    await post(id, {
      kind: "initiate",
      date: "2026-07-01",
      agent: "zoledronicAcid",
      intervalWeeks: "4",
      creatinineClearanceMlMin: "70",
      ...GATES,
    });
    const res = await post(id, { kind: "dose_given", date: "2026-07-29" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).errors[0]?.field).toBe("creatinineUmolL");
    expect(rows(id)).toBe(1);
  });

  it("lets neither an observer nor a coordinator record an event (403), and writes nothing", async () => {
    const id = await newPatient();
    const auditsBefore = audits();
    const fields = {
      kind: "initiate",
      date: "2026-07-01",
      agent: "denosumab",
      intervalWeeks: "4",
      ...GATES,
    };
    for (const cookie of [observer, coordinator]) {
      expect((await post(id, fields, cookie)).status).toBe(403);
    }
    expect(rows(id)).toBe(0);
    expect(audits()).toBe(auditsBefore);
  });

  it("warns of no BTA 3 months after diagnosis until the first dose, then of the denosumab rebound on stop", async () => {
    const id = await newPatient();
    // Bone metastases since 1 June 2026: the 3-month window closed on 1 September.
    const before = await page(id);
    expect(before.bta.warnings.map((w) => w.id)).toEqual([
      "noBtaAtThreeMonths",
      "dentalCheckBeforeFirstDose",
    ]);
    expect(before.bta.warnings[0]?.source).toContain("OPTIMOS");
    // The clinic's today (CLINIC_TIME_ZONE defaults to Europe/Paris).
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
    const res = await post(id, {
      kind: "initiate",
      date: today,
      agent: "denosumab",
      intervalWeeks: "4",
      ...GATES,
    });
    expectSaved(res, id);
    const started = await page(id);
    expect(started.bta.warnings).toEqual([]);
    expect(started.bta).toMatchObject({ status: "active", agent: "denosumab" });
    // Denosumab every 4 weeks: the next dose 28 days after the first.
    const next = new Date(`${today}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 28);
    expect(started.bta.nextDoseDate).toBe(next.toISOString().slice(0, 10));
    expectSaved(await post(id, { kind: "stop", date: today }), id);
    expect((await page(id)).bta.warnings.map((w) => w.id)).toEqual(["reboundWithoutFollowOn"]);
  });

  it("seeds a demo patient on denosumab, recorded through the engine", async () => {
    const [demo] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM patients WHERE hospital_id = 'DEMO-0002'",
    );
    const data = await page(demo?.id ?? 0);
    expect(data.bta).toMatchObject({ status: "active", agent: "denosumab" });
    // 40 events: the initiation on 6 November 2023 ("dénosumab depuis 3 ans"), then a dose every
    // 28 days until 2 November 2026.
    expect(data.bta.events.length).toBe(40);
    expect(data.bta.nextDoseDate).toBe("2026-11-30");
  });
  it("keeps recorded events as they are: no connection can change or delete one (the worklist relies on it)", () => {
    // Decision 138: a patient's last event id names their whole event list only because events
    // are never changed or deleted (triggers of migration 0003), whoever holds the file.
    const other = new Database(srv.dbPath, { fileMustExist: true });
    try {
      const before = other.prepare("SELECT count(*) AS n, max(id) AS last FROM bta_events").get();
      expect(() => other.prepare("UPDATE bta_events SET date = '2020-01-01'").run()).toThrow(
        /append-only/,
      );
      expect(() => other.prepare("DELETE FROM bta_events").run()).toThrow(/append-only/);
      expect(other.prepare("SELECT count(*) AS n, max(id) AS last FROM bta_events").get()).toEqual(
        before,
      );
    } finally {
      other.close();
    }
  });
});
