// The proposed analysis axis and its tilt on the real server (issue 13 item 4, decision 127):
// GET /patients/:id/ct/:ctSeriesId/axis answers the long axis of a stored vertebra phantom to the
// patient's RCP members only (404 otherwise, as the slice route), 400 naming `site` or `region`
// when malformed; an FE job's tilt beyond ±30° is a 400 naming the angle and writes nothing, a
// valid one is stored with the job's parameters. The job runner is off: the pipeline's use of the
// tilt is test/fe/axis-tilt.test.ts.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vertebraPhantom } from "../../server/fe/anatomicalPhantom";
import { ctToNrrd } from "../../server/fe/ctVolume";
import { encodeNrrd } from "../../server/fe/nrrd";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const CT_MM = 2;

interface AxisAnswer {
  axis?: { origin_mm: number[]; direction: number[]; half_length_mm: number };
  errors?: { field: string }[];
}

describe("FE proposed axis and tilt", () => {
  let srv: TestServer;
  let physician: string;
  let patientId: number;
  let sameRcpPatientId: number;
  let ctSeriesId: number;
  /** The phantom CT's extent in mm. */
  let extent: number[];

  const axis = (query: string, id = patientId, cookie = physician) =>
    fetch(`${srv.url}/patients/${id}/ct/${ctSeriesId}/axis?${query}`, {
      headers: { Cookie: cookie },
    });
  const fieldsOf = async (r: Response) => {
    expect(r.status).toBe(400);
    return ((await r.json()) as AxisAnswer).errors?.map((e) => e.field);
  };

  beforeAll(async () => {
    srv = await startServer({ env: { FE_JOB_RUNNER: "off" } });
    physician = await signIn(srv.url, DEMO.physician);
    [{ id: patientId }, { id: sameRcpPatientId }] = queryRows<{ id: number }>(
      srv.dbPath,
      `SELECT p.id FROM patients p JOIN rcp_members m ON m.rcp_id = p.rcp_id
       JOIN users u ON u.id = m.user_id WHERE u.email = ? ORDER BY p.id LIMIT 2`,
      DEMO.physician.email,
    );
    const { ct } = vertebraPhantom({ spacing_mm: CT_MM });
    extent = [ct.nx, ct.ny, ct.nz].map((n) => n * CT_MM);
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(encodeNrrd(ctToNrrd(ct)))]), "vertebra.nrrd");
    const res = await fetch(`${srv.url}/patients/${patientId}/ct`, {
      method: "POST",
      body: form,
      headers: { Cookie: physician, Origin: srv.url },
    });
    expect(res.status).toBe(201);
    ctSeriesId = ((await res.json()) as { ctSeries: { id: number } }).ctSeries.id;
  }, 90_000);
  afterAll(async () => {
    await srv?.stop();
  });

  it("proposes the vertebral body's compression axis, in the CT's mm", async () => {
    const res = await axis("site=vertebra");
    expect(res.status).toBe(200);
    const body = (await res.json()) as AxisAnswer;
    if (!body.axis) throw new Error("no axis");
    // The body's height (26 mm) is its shortest spread: the axis is the CT's +z within 2°, and
    // passes through the middle of the body in x and y (a body symmetric in both).
    expect(body.axis.direction[2]).toBeGreaterThan(Math.cos((2 * Math.PI) / 180));
    expect(Math.abs(body.axis.origin_mm[0] - extent[0] / 2)).toBeLessThan(CT_MM);
    expect(body.axis.half_length_mm).toBeGreaterThan(10);
    // A box holding the whole body gives the same axis.
    const boxed = await axis(
      `site=vertebra&region=1,1,1,${extent[0] - 1},${extent[1] - 1},${extent[2] - 1}`,
    );
    const b = ((await boxed.json()) as AxisAnswer).axis;
    expect(b?.direction[2]).toBeGreaterThan(Math.cos((2 * Math.PI) / 180));
  });

  it("names the malformed parameter, and discloses nothing outside the patient's RCP", async () => {
    expect(await fieldsOf(await axis("site=tibia"))).toEqual(["site"]);
    expect(await fieldsOf(await axis("site=vertebra&region=1,2,3"))).toEqual(["region"]);
    // Too thin in y (2 to 8 mm).
    expect(await fieldsOf(await axis("site=vertebra&region=2,2,2,40,8,30"))).toEqual([
      "region.max_mm.1",
    ]);
    // Beyond the volume.
    expect(await fieldsOf(await axis("site=vertebra&region=2,2,2,500,40,30"))).toEqual(["region"]);
    // The series under another patient of the same RCP: 404.
    expect((await axis("site=vertebra", sameRcpPatientId)).status).toBe(404);
    // The physician out of the patient's RCP (membership removed, then given back): 404.
    const db = new Database(srv.dbPath);
    try {
      const membership = db
        .prepare(
          `SELECT m.* FROM rcp_members m JOIN users u ON u.id = m.user_id
           WHERE u.email = ? AND m.rcp_id = (SELECT rcp_id FROM patients WHERE id = ?)`,
        )
        .get(DEMO.physician.email, patientId) as Record<string, unknown>;
      const { rcp_id, user_id } = membership;
      db.prepare("DELETE FROM rcp_members WHERE rcp_id = ? AND user_id = ?").run(rcp_id, user_id);
      try {
        expect((await axis("site=vertebra")).status).toBe(404);
      } finally {
        const columns = Object.keys(membership);
        db.prepare(
          `INSERT INTO rcp_members (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
        ).run(...Object.values(membership));
      }
    } finally {
      db.close();
    }
    expect((await axis("site=vertebra")).status).toBe(200);
    // Not signed in: no axis.
    const anonymous = await fetch(
      `${srv.url}/patients/${patientId}/ct/${ctSeriesId}/axis?site=vertebra`,
      {
        redirect: "manual",
      },
    );
    expect(anonymous.status).not.toBe(200);
  });

  it("refuses a tilt beyond ±30° naming the angle, and stores a valid one with the job", async () => {
    const params = (tilt: unknown) => ({
      calibration: "default",
      site: "vertebra",
      side: "midline",
      load_case: "vertebra-compression",
      body_weight_kg: 70,
      repair: { lesion_sphere: { center_mm: [28, 24, 19], radius_mm: 8 } },
      tilt_deg: tilt,
    });
    const queue = (tilt: unknown) =>
      fetch(`${srv.url}/patients/${patientId}/fe-jobs`, {
        method: "POST",
        body: JSON.stringify({ ctSeriesId, params: params(tilt) }),
        headers: { Cookie: physician, Origin: srv.url, "Content-Type": "application/json" },
      });
    const before = [countRows(srv.dbPath, "fe_jobs"), countRows(srv.dbPath, "audit_log")];
    expect(await fieldsOf(await queue({ coronal_deg: 31, sagittal_deg: 0 }))).toEqual([
      "params.tilt_deg.coronal_deg",
    ]);
    expect(await fieldsOf(await queue({ coronal_deg: 0, sagittal_deg: "dix" }))).toEqual([
      "params.tilt_deg.sagittal_deg",
    ]);
    expect(await fieldsOf(await queue({ coronal_deg: 5 }))).toEqual([
      "params.tilt_deg.sagittal_deg",
    ]);
    expect([countRows(srv.dbPath, "fe_jobs"), countRows(srv.dbPath, "audit_log")]).toEqual(before);
    const ok = await queue({ coronal_deg: -12.5, sagittal_deg: 4 });
    expect(ok.status).toBeLessThan(300);
    const [stored] = queryRows<{ params: string }>(
      srv.dbPath,
      "SELECT params FROM fe_jobs ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(stored.params).tilt_deg).toEqual({ coronal_deg: -12.5, sagittal_deg: 4 });
  });
});
