// An RCP's meeting settings on the admin page (issue 11 §1, §3): the weekly recurrence, one-off
// sessions, cancelled dates and the specialties its quorum requires. Saved in one audit row; bad
// input is a 400 naming the form field, with nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, dataPath, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

const settingsForm = (rcpId: number): Record<string, string> => ({
  intent: "meeting-settings",
  rcpId: String(rcpId),
  "calendar.weekly.weekday": "4",
  "calendar.weekly.time": "08:30",
  "calendar.weekly.place": "Amphi C",
  "calendar.weekly.videoLink": "https://visio.example.org/rcp",
  "calendar.weekly.startsOn": "2027-01-07",
  "calendar.weekly.endsOn": "2027-12-30",
  // Row 0 blank: only row 1 is a session (rows are kept as typed).
  "calendar.oneOff.0.date": "",
  "calendar.oneOff.1.date": "2027-02-16",
  "calendar.oneOff.1.time": "17:00",
  "calendar.oneOff.1.place": "Salle 2",
  "calendar.cancelledDates.0": "2027-05-13",
  "requiredSpecialties.0.anyOf.orthopaedic_surgery": "on",
  "requiredSpecialties.0.anyOf.spine_surgery": "on",
  "requiredSpecialties.1.anyOf.radiation_oncology": "on",
});

describe("RCP meeting settings (admin)", () => {
  let srv: TestServer;
  let admin: string;
  let rcpId = 0;
  const stored = () =>
    queryRows<{ calendar: string | null; required_specialties: string }>(
      srv.dbPath,
      "SELECT calendar, required_specialties FROM rcps WHERE id = ?",
      rcpId,
    )[0];
  const post = (fields: Record<string, string>, cookie = admin) =>
    postForm(srv.url, dataPath("/admin/rcps", "routes/admin.rcps"), fields, { cookie });

  beforeAll(async () => {
    srv = await startServer();
    admin = await signIn(srv.url, DEMO.admin);
    rcpId =
      queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM rcps ORDER BY id LIMIT 1")[0]?.id ?? 0;
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("saves the calendar and the required specialties in one audit row, and shows them back", async () => {
    const audits = countRows(srv.dbPath, "audit_log", "action = 'meeting-settings'");
    const res = await post(settingsForm(rcpId));
    expect(res.status).toBe(200);
    expect(JSON.parse(stored()?.calendar ?? "null")).toEqual({
      timeZone: "Europe/Paris",
      weekly: {
        weekday: 4,
        time: "08:30",
        place: "Amphi C",
        videoLink: "https://visio.example.org/rcp",
        startsOn: "2027-01-07",
        endsOn: "2027-12-30",
      },
      oneOff: [{ date: "2027-02-16", time: "17:00", place: "Salle 2" }],
      cancelledDates: ["2027-05-13"],
    });
    expect(JSON.parse(stored()?.required_specialties ?? "[]")).toEqual([
      { anyOf: ["orthopaedic_surgery", "spine_surgery"] },
      { anyOf: ["radiation_oncology"] },
    ]);
    expect(countRows(srv.dbPath, "audit_log", "action = 'meeting-settings'")).toBe(audits + 1);
    const page = await (await get(srv.url, "/admin/rcps", admin)).text();
    expect(page).toContain('value="Amphi C"');
    expect(page).toContain("Séances et quorum");
  });

  it.each([
    [
      "an http video link",
      { "calendar.weekly.videoLink": "http://visio.example.org/rcp" },
      "calendar.weekly.videoLink",
      "errors.https_link",
    ],
    [
      "an end before the start",
      { "calendar.weekly.endsOn": "2027-01-01" },
      "calendar.weekly.endsOn",
      "errors.ends_before_start",
    ],
    [
      "a time of 25:00",
      { "calendar.oneOff.1.time": "25:00" },
      "calendar.oneOff.1.time",
      "errors.time_format",
    ],
    [
      "a one-off session without a place",
      { "calendar.oneOff.1.place": "" },
      "calendar.oneOff.1.place",
      "errors.required",
    ],
    [
      "a weekday 8",
      { "calendar.weekly.weekday": "8" },
      "calendar.weekly.weekday",
      "errors.invalid",
    ],
  ])("refuses %s: 400 naming the field, nothing written", async (_l, change, field, code) => {
    const before = stored();
    const audits = countRows(srv.dbPath, "audit_log");
    const res = await post({ ...settingsForm(rcpId), ...change });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { field: string; code: string }[] };
    expect(body.errors.map((e) => [e.field, e.code])).toEqual([[field, code]]);
    expect(stored()).toEqual(before);
    expect(countRows(srv.dbPath, "audit_log")).toBe(audits);
  });

  it("clears the calendar when every field is blank (no calendar, not an empty one)", async () => {
    const res = await post({ intent: "meeting-settings", rcpId: String(rcpId) });
    expect(res.status).toBe(200);
    expect(stored()).toEqual({ calendar: null, required_specialties: "[]" });
  });

  it("gives a new RCP no calendar and no required specialty, stored as JSON []", async () => {
    const res = await post({
      intent: "create",
      name: "RCP sans séance",
      institution: "CH test",
      feFailureLoadBodyWeights: "3",
    });
    expect(res.status).toBe(200);
    const row = queryRows<{ calendar: string | null; required_specialties: string }>(
      srv.dbPath,
      "SELECT calendar, required_specialties FROM rcps WHERE name = 'RCP sans séance'",
    )[0];
    expect(row).toEqual({ calendar: null, required_specialties: "[]" });
    expect((await get(srv.url, "/admin/rcps", admin)).status).toBe(200);
  });

  it("is the admin's: a coordinator gets 403 and nothing is written", async () => {
    const coordinator = await signIn(srv.url, DEMO.coordinator);
    const before = stored();
    const res = await post(settingsForm(rcpId), coordinator);
    expect(res.status).toBe(403);
    expect(stored()).toEqual(before);
  });
});
