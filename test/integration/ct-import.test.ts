// CT import over HTTP on the real server (issue 13 §1, decision 083): a zipped DICOM series or a
// NRRD becomes one ct_series row, one audit row and one NRRD in the data folder; a malformed or
// unsafe upload is a 400 with the reason and stores nothing; over CT_UPLOAD_MAX_BYTES is a 413;
// an observer may not import. The fuzz test mutates a valid slice and checks the server survives
// and stores only what parses.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discardUpload, receiveUpload } from "../../app/upload.server";
import { ctToNrrd, readCtVolume } from "../../server/fe/ctVolume";
import { readDicomSeries } from "../../server/fe/dicom";
import { encodeNrrd } from "../../server/fe/nrrd";
import { storedValue, syntheticSeries } from "../fe/dicomWriter";
import { writeZip } from "../fe/zipWriter";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, get, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const LIMIT = 64 * 1024;

interface Uploaded {
  ctSeries?: { id: number; size: number[]; sha256: string };
  errors?: { field: string; fr: string; en: string }[];
}

describe("CT import", () => {
  let srv: TestServer;
  let physician: string;
  let observer: string;
  let patientId: number;
  let dataDir: string;

  const upload = (files: { name: string; data: Buffer }[], cookie: string, id = patientId) => {
    const form = new FormData();
    for (const f of files) form.append("file", new Blob([new Uint8Array(f.data)]), f.name);
    return fetch(`${srv.url}/patients/${id}/ct`, {
      method: "POST",
      body: form,
      headers: { Cookie: cookie, Origin: srv.url },
      redirect: "manual",
    });
  };
  const storedFiles = () => {
    const dir = path.join(dataDir, "ct");
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  const stored = () => countRows(srv.dbPath, "ct_series");

  beforeAll(async () => {
    srv = await startServer({ env: { CT_UPLOAD_MAX_BYTES: String(LIMIT) } });
    dataDir = path.dirname(srv.dbPath);
    physician = await signIn(srv.url, DEMO.physician);
    observer = await signIn(srv.url, DEMO.observer);
    [{ id: patientId }] = queryRows<{ id: number }>(
      srv.dbPath,
      `SELECT p.id FROM patients p JOIN rcp_members m ON m.rcp_id = p.rcp_id
       JOIN users u ON u.id = m.user_id WHERE u.email = ? ORDER BY p.id LIMIT 1`,
      DEMO.physician.email,
    );
  }, 90_000);
  afterAll(async () => {
    await srv?.stop();
  });

  it("stores a zipped series as one row, one audit row and one NRRD with the same voxels", async () => {
    const zip = writeZip(syntheticSeries([2, 0, 1]).map((data, i) => ({ name: `IM${i}`, data })));
    const res = await upload([{ name: "scanner.zip", data: zip }], physician);
    const body = (await res.json()) as Uploaded;
    expect(body.errors).toBeUndefined();
    expect(res.status).toBe(201);
    expect(body.ctSeries?.size).toEqual([8, 8, 3]);
    const [row] = queryRows<{
      patient_id: number;
      file: string;
      series_uid: string;
      sha256: string;
    }>(srv.dbPath, "SELECT * FROM ct_series");
    expect(row.patient_id).toBe(patientId);
    expect(row.series_uid).toBe("1.2.826.0.1.1.2");
    expect(row.file).toMatch(/^ct\/[0-9a-f-]{36}\.nrrd$/);
    expect(countRows(srv.dbPath, "audit_log", "action = 'ct.import'")).toBe(1);
    // The header's patient name and id went nowhere in the database.
    const audit = queryRows<{ after: string }>(
      srv.dbPath,
      "SELECT after FROM audit_log WHERE action = 'ct.import'",
    );
    expect(JSON.stringify([row, audit])).not.toMatch(/DUPONT|IPP-123456/);
    const volume = readCtVolume(path.join(dataDir, row.file));
    expect(volume.hu[1 + 8 * (2 + 8 * 2)]).toBe(2 * storedValue(1, 2, 2) - 1024);
    expect(storedFiles()).toEqual([path.basename(row.file)]);
    // The patient page lists it.
    const page = await get(
      srv.url,
      dataPath(`/patients/${patientId}`, "routes/patients.$patientId._index"),
      physician,
    );
    const data = (await page.json()) as { ctSeries: { seriesUid: string; size: number[] }[] };
    expect(data.ctSeries).toEqual([
      expect.objectContaining({ seriesUid: "1.2.826.0.1.1.2", size: [8, 8, 3] }),
    ]);
  });

  it("serves a slice of the stored series as a bone-window PNG, and refuses bad or foreign requests", async () => {
    // The series stored by the test above: 8 × 8 × 3, HU = 2 · (100k + 10j + i) − 1024.
    const [{ id: ctId }] = queryRows<{ id: number }>(
      srv.dbPath,
      "SELECT id FROM ct_series WHERE patient_id = ? ORDER BY id LIMIT 1",
      patientId,
    );
    const slice = (query: string, id = patientId) =>
      fetch(`${srv.url}/patients/${id}/ct/${ctId}/slice?${query}`, {
        headers: { Cookie: physician },
      });
    const res = await slice("axis=axial&index=2");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    // Patient data: never stored by the browser or a proxy (server/app.ts, decision 088).
    expect(res.headers.get("cache-control")).toBe("no-store");
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    expect([png.width, png.height]).toEqual([8, 8]);
    // Voxel (7, 7, 2): 2 · 277 − 1024 = −470 HU; bone window −500..1300 HU → 255 · 30 / 1800 = 4.25.
    expect(png.data[4 * (7 + 8 * 7)]).toBe(4);
    // Voxel (0, 0, 2): −624 HU, below the window: black.
    expect(png.data[0]).toBe(0);
    // Each malformed parameter is named.
    const fieldsOf = async (r: Response) => {
      expect(r.status).toBe(400);
      return ((await r.json()) as { errors: { field: string }[] }).errors.map((e) => e.field);
    };
    expect(await fieldsOf(await slice("axis=oblique&index=1"))).toEqual(["axis"]);
    expect(await fieldsOf(await slice("axis=axial&index=-1"))).toEqual(["index"]);
    expect(await fieldsOf(await slice("axis=coronal"))).toEqual(["index"]);
    // Beyond the series (3 axial slices: 0..2).
    const beyond = await slice("axis=axial&index=3");
    expect(await fieldsOf(beyond)).toEqual(["index"]);
    // Another patient's series is not disclosed (outside the user's RCPs: access-matrix.test.ts).
    const [{ id: neighbour }] = queryRows<{ id: number }>(
      srv.dbPath,
      `SELECT p.id FROM patients p WHERE p.rcp_id = (SELECT rcp_id FROM patients WHERE id = ?)
       AND p.id <> ? ORDER BY p.id LIMIT 1`,
      patientId,
      patientId,
    );
    expect((await slice("axis=axial&index=0", neighbour)).status).toBe(404);
  });
  it("refuses a zip with ../evil, says why, and stores nothing", async () => {
    const before = stored();
    const zip = writeZip([
      ...syntheticSeries([0, 1, 2]).map((data, i) => ({ name: `IM${i}`, data })),
      { name: "../evil", data: Buffer.from("x") },
    ]);
    const res = await upload([{ name: "scan.zip", data: zip }], physician);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Uploaded;
    expect(body.errors?.[0].fr).toContain("nom d'entrée dangereux");
    expect(stored()).toBe(before);
    expect(storedFiles()).toHaveLength(before);
  });

  it("refuses an upload over CT_UPLOAD_MAX_BYTES with 413", async () => {
    const before = stored();
    const res = await upload([{ name: "big.nrrd", data: Buffer.alloc(LIMIT + 1024) }], physician);
    expect(res.status).toBe(413);
    expect(stored()).toBe(before);
  });

  it("imports a NRRD", async () => {
    const before = stored();
    const hu = Float32Array.from({ length: 27 }, (_, i) => i - 13);
    const nrrd = encodeNrrd(ctToNrrd({ nx: 3, ny: 3, nz: 3, spacing: [1, 1, 2], hu }));
    const res = await upload([{ name: "ct.nrrd", data: nrrd }], physician);
    expect(res.status).toBe(201);
    expect(stored()).toBe(before + 1);
  });

  it("lets an observer import nothing (403)", async () => {
    const before = stored();
    const zip = writeZip(syntheticSeries([0, 1, 2]).map((data, i) => ({ name: `IM${i}`, data })));
    const res = await upload([{ name: "scan.zip", data: zip }], observer);
    expect(res.status).toBe(403);
    expect(stored()).toBe(before);
  });

  it("survives 200 random mutations of a valid slice and stores only what parses", async () => {
    const valid = syntheticSeries([0])[0];
    // A seeded generator (mulberry32) so a failure replays.
    let seed = 13;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    let parses = 0;
    for (let trial = 0; trial < 200; trial++) {
      const mutated = Buffer.from(valid);
      const flips = 1 + Math.floor(random() * 8);
      for (let f = 0; f < flips; f++) {
        mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      }
      const cut =
        random() < 0.2 ? mutated.subarray(0, Math.floor(random() * mutated.length)) : mutated;
      let ok = true;
      try {
        readDicomSeries([cut]);
      } catch {
        ok = false;
      }
      const before = stored();
      const res = await upload([{ name: "IM.dcm", data: cut }], physician);
      expect(res.status, `trial ${trial}`).toBe(ok ? 201 : 400);
      expect(stored()).toBe(before + (ok ? 1 : 0));
      if (ok) parses++;
    }
    // Both branches were exercised: some mutations (in the pixels) still parse, most do not.
    expect(parses).toBeGreaterThan(0);
    expect(parses).toBeLessThan(200);
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    expect(storedFiles()).toHaveLength(stored());
  }, 120_000);
});

describe("the streamed upload (app/upload.server.ts)", () => {
  const request = (files: Buffer[]) => {
    const form = new FormData();
    for (const [i, f] of files.entries()) {
      form.append("file", new Blob([new Uint8Array(f)]), `f${i}`);
    }
    return new Request("http://localhost/patients/1/ct", { method: "POST", body: form });
  };
  const statusOf = async (run: Promise<unknown>) => {
    try {
      await run;
    } catch (error) {
      if (error instanceof Response) return error.status;
      throw error;
    }
    return 200;
  };

  it("counts the bytes of all parts: two files each under the limit but over it together are a 413", async () => {
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith("osteoboard-upload-")).length;
    const status = await statusOf(
      receiveUpload(request([Buffer.alloc(600), Buffer.alloc(600)]), 1000),
    );
    expect(status).toBe(413);
    // The temporary folder is gone.
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith("osteoboard-upload-"))).toHaveLength(
      before,
    );
  });

  it("writes the parts under its own names, and refuses a body that is not multipart", async () => {
    const upload = await receiveUpload(request([Buffer.from("abc"), Buffer.from("de")]), 1000);
    expect(
      upload.files.map((f) => [f.name, path.basename(f.path), readFileSync(f.path, "latin1")]),
    ).toEqual([
      ["f0", "0", "abc"],
      ["f1", "1", "de"],
    ]);
    discardUpload(upload);
    expect(existsSync(upload.dir)).toBe(false);
    const plain = new Request("http://localhost/x", {
      method: "POST",
      body: "a=1",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(await statusOf(receiveUpload(plain, 1000))).toBe(400);
  });
});
