// Who may do what, route by route: every page and every action of app/routes under every role,
// signed out, and as a physician whose only RCP is another one. The expected answers come from
// the rules written down (docs/architecture.md, decision 002, README "Accounts and access"), not
// from what the code returns: observers read only, admins alone manage accounts and read the
// audit, records of an RCP one is not a member of answer 404 (admins see every RCP), a signed-out
// visitor is sent to sign in. A refused write must leave the record and the audit log untouched.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, type Permission, ROLES, type Role } from "../../app/domain/records/permissions";
import { syntheticSeries } from "../fe/dicomWriter";
import { writeZip } from "../fe/zipWriter";
import { countRows, queryRows } from "../helpers/db";
import { DEMO, get, postForm, signIn } from "../helpers/http";
import { startServer, type TestServer } from "../helpers/server";

/** A multipart upload, as the patient page's CT form sends it. */
function postFiles(
  base: string,
  path: string,
  files: { name: string; data: Buffer }[],
  cookie: string | undefined,
): Promise<Response> {
  const form = new FormData();
  for (const f of files) form.append("file", new Blob([new Uint8Array(f.data)]), f.name);
  const headers: Record<string, string> = { Origin: base };
  if (cookie) headers.Cookie = cookie;
  return fetch(base + path, { method: "POST", body: form, headers, redirect: "manual" });
}

// ---- The rules, as the docs state them ----------------------------------------------------

/** The permission table the docs describe (decision 002, README): observers read only. */
const MAY: Record<Role, readonly Permission[]> = {
  admin: [
    "record:read",
    "patient:write",
    "case:write",
    "board:edit",
    "users:manage",
    "audit:read",
    "meeting:manage",
  ],
  // Coordinators plan the meetings and build the agendas (issue 11 §1).
  coordinator: ["record:read", "patient:write", "case:write", "board:edit", "meeting:manage"],
  // Recording a BTA event is a prescriber's act: physicians only (decision 100); a physician signs
  // a decision when chairing the meeting (issue 11 §6).
  physician: [
    "record:read",
    "patient:write",
    "case:write",
    "board:edit",
    "bta:write",
    "decision:sign",
  ],
  observer: ["record:read"],
};
const PERMISSIONS: readonly Permission[] = [
  "record:read",
  "patient:write",
  "case:write",
  "board:edit",
  "users:manage",
  "audit:read",
  "bta:write",
  "meeting:manage",
  "decision:sign",
];

type Who = "signedOut" | Role | "otherRcp";
const WHO: readonly Who[] = [
  "signedOut",
  "admin",
  "coordinator",
  "physician",
  "observer",
  "otherRcp",
];
/** The demo RCP's members, and a physician whose only RCP is the second one ("Sud"). */
const ACTOR: Record<Exclude<Who, "signedOut">, { role: Role; home: RcpKey }> = {
  admin: { role: "admin", home: "demo" },
  coordinator: { role: "coordinator", home: "demo" },
  physician: { role: "physician", home: "demo" },
  observer: { role: "observer", home: "demo" },
  otherRcp: { role: "physician", home: "sud" },
};
type RcpKey = "demo" | "sud";

const mayDo = (who: Exclude<Who, "signedOut">, p: Permission) => MAY[ACTOR[who].role].includes(p);
const maySee = (who: Exclude<Who, "signedOut">, rcp: RcpKey) =>
  ACTOR[who].role === "admin" || ACTOR[who].home === rcp;

// ---- The routes ---------------------------------------------------------------------------

interface World {
  rcpId: Record<RcpKey, number>;
  patient: Record<RcpKey, { id: number; hospitalId: string }>;
  caseId: Record<RcpKey, number>;
  /** A planned meeting of each RCP, without a chair (so a physician is not its chair). */
  meetingId: Record<RcpKey, number>;
  /** An account only the admin actions act on (role, deactivate, RCP membership). */
  targetUserId: number;
  /** An RCP only the admin "update" action edits. */
  spareRcpId: number;
  /** A CT series of each RCP's patient, and an FE job queued on it that nobody cancels. */
  ctSeriesId: Record<RcpKey, number>;
  feJobId: Record<RcpKey, number>;
  /** A cancelled FE job: its progress stream ends at once (a queued job's would stay open). */
  finishedFeJobId: Record<RcpKey, number>;
  /** Queued FE jobs, one taken by each cell of the cancel route (each cancel needs its own). */
  cancellableFeJobs: Record<RcpKey, number[]>;
  credentials: Record<Exclude<Who, "signedOut">, { email: string; password: string }>;
}

interface Expected {
  status: number;
  location?: RegExp;
}
type Verdict = Expected & { allowed: boolean };

type Body = (w: World, who: Who, rcp: RcpKey) => Record<string, string>;

/** One request of the matrix: what it needs, and what it answers when allowed. */
interface Operation {
  method: "GET" | "POST";
  /** Label of a POST's intent, when a route has several. */
  label?: string;
  permission: Permission | "public";
  /** The record in the URL (or the RCP of the new patient) belongs to an RCP. */
  record?: boolean;
  body?: Body;
  /** Files sent as multipart/form-data (field "file") instead of the form body. */
  files?: () => { name: string; data: Buffer }[];
  /**
   * The answer to someone who may write but not in that RCP. Default 404 (a record in the URL is
   * not disclosed); a new patient's RCP is a choice in the form, so 400 naming `rcpId`.
   */
  foreignRcp?: Expected;
  /** The answer when allowed (for "public", a function of who asks). */
  allowed: (w: World, who: Who, rcp: RcpKey) => Expected;
  /**
   * false: even when the role may, this request is refused by a rule of the record (e.g. only the
   * meeting's chair signs), so it must write nothing, like any refusal.
   */
  writes?: false;
}

interface RouteSpec {
  path: (w: World, rcp: RcpKey) => string;
  operations: Operation[];
}

const validPatient = {
  lastName: "Matrice",
  firstName: "Anne",
  birthDate: "1958-03-02",
  sex: "F",
  "primaryCancer.type": "lung",
  "primaryCancer.histology": "adenocarcinoma",
  "primaryCancer.driver": "EGFR",
  cancerDiagnosisDate: "2023-01-10",
  boneMetastasisDiagnosisDate: "2024-04-01",
  weightKg: "60",
  ecog: "1",
  karnofsky: "80",
  systemicTreatment: "targeted_therapy",
  systemicTreatmentDetail: "",
  creatinineClearanceMlMin: "80",
  creatinineClearanceDate: "2026-10-01",
  survivalBand: "gt_2y",
  wishes: "",
};
/** A valid FE analysis of a vertebra (server/fe/jobParams.ts); the runner is off in this test. */
const FE_PARAMS = {
  calibration: "default",
  site: "vertebra",
  side: "midline",
  load_case: "vertebra-compression",
  body_weight_kg: 70,
  repair: { lesion_sphere: { center_mm: [10, 10, 10], radius_mm: 5 } },
};
const validCase = {
  question: "Fracture imminente du fémur ?",
  referringPhysician: "Dr Matrice",
  urgency: "routine",
  status: "draft",
  btaInQuestion: "no",
};

let serial = 0;
const next = () => ++serial;
const ok200: Operation["allowed"] = () => ({ status: 200 });
const page = (permission: Permission, record = false): Operation => ({
  method: "GET",
  permission,
  record,
  allowed: ok200,
});
/** A route with a loader and no action: a POST finds nothing to run (Remix: 405). */
const noAction: Operation = {
  method: "POST",
  label: "no action",
  permission: "public",
  body: () => ({ anything: "x" }),
  allowed: () => ({ status: 405 }),
};
const adminPost = (label: string, body: Body): Operation => ({
  method: "POST",
  label,
  permission: "users:manage",
  body,
  allowed: ok200,
});

const ROUTES: Record<string, RouteSpec> = {
  // A plan item is named in the form, not the URL: a blank one is a 400 that writes nothing (the
  // RCP check of a real item and the 403/409 are in test/integration/plans.test.ts).
  ...Object.fromEntries(
    ["surgeon", "coordinator"].map((list) => [
      `worklists.${list}`,
      {
        path: () => `/worklists/${list}`,
        operations: [
          page("record:read"),
          {
            method: "POST",
            label: "schedule no item",
            permission: "case:write",
            body: () => ({ intent: "schedule", planItemId: "", scheduledDate: "2099-01-05" }),
            allowed: () => ({ status: 400 }),
            writes: false,
          },
        ],
      } satisfies RouteSpec,
    ]),
  ),
  "worklists.oncologist": {
    path: () => "/worklists/oncologist",
    operations: [page("record:read"), noAction],
  },
  _index: {
    path: () => "/",
    operations: [
      {
        ...page("record:read"),
        // Each user lands on their worklist (decision 107): Dr Bernard operates (orthopaedic
        // surgery); the other RCP's physician is a radiologist, who lands with the coordinators.
        allowed: (_w, who) => ({
          status: 302,
          location: who === "physician" ? /^\/worklists\/surgeon$/ : /^\/worklists\/coordinator$/,
        }),
      },
      noAction,
    ],
  },
  "patients._index": { path: () => "/patients", operations: [page("record:read"), noAction] },
  // The centre's figures: read-only, every signed-in role (decision 109).
  figures: { path: () => "/figures", operations: [page("record:read"), noAction] },
  "figures[.]csv": { path: () => "/figures.csv", operations: [page("record:read"), noAction] },
  "cases._index": { path: () => "/cases", operations: [page("record:read"), noAction] },
  "patients.new": {
    path: () => "/patients/new",
    operations: [
      page("patient:write"),
      {
        method: "POST",
        permission: "patient:write",
        record: true,
        foreignRcp: { status: 400 },
        body: (w, _who, rcp) => ({
          ...validPatient,
          hospitalId: `MX-${next()}`,
          rcpId: String(w.rcpId[rcp]),
        }),
        allowed: () => ({ status: 302, location: /^\/patients\/\d+$/ }),
      },
    ],
  },
  "patients.$patientId._index": {
    path: (w, rcp) => `/patients/${w.patient[rcp].id}`,
    operations: [
      page("record:read", true),
      {
        method: "POST",
        label: "BTA event",
        permission: "bta:write",
        record: true,
        // Each allowed cell is another RCP's patient, so a first initiation is always legal.
        body: () => ({
          kind: "initiate",
          date: "2026-07-01",
          agent: "denosumab",
          intervalWeeks: "4",
          dentalCheckDate: "2026-06-20",
          calciumVitaminDPlan: "yes",
          baselineCalciumMmolL: "2.3",
        }),
        allowed: (w, _who, rcp) => ({
          status: 302,
          location: new RegExp(`^/patients/${w.patient[rcp].id}#bta$`),
        }),
      },
      {
        method: "POST",
        label: "skeletal event",
        // Recorded by whoever writes cases, like plan items (decisions 102 and 105).
        permission: "case:write",
        record: true,
        // Hypercalcaemia is the one kind without a lesion: no board is needed for the cell.
        body: () => ({
          intent: "skeletalEvent",
          eventKind: "hypercalcaemia",
          eventDate: "2026-07-01",
          origin: "emergency",
        }),
        allowed: (w, _who, rcp) => ({
          status: 302,
          location: new RegExp(`^/patients/${w.patient[rcp].id}#skeletal$`),
        }),
      },
    ],
  },
  "patients.$patientId.edit": {
    path: (w, rcp) => `/patients/${w.patient[rcp].id}/edit`,
    operations: [
      page("patient:write", true),
      {
        method: "POST",
        permission: "patient:write",
        record: true,
        body: (w, _who, rcp) => ({
          ...validPatient,
          hospitalId: w.patient[rcp].hospitalId,
          weightKg: String(40 + next()),
        }),
        allowed: (w, _who, rcp) => ({
          status: 302,
          location: new RegExp(`^/patients/${w.patient[rcp].id}$`),
        }),
      },
    ],
  },
  "patients.$patientId.ct": {
    path: (w, rcp) => `/patients/${w.patient[rcp].id}/ct`,
    operations: [
      {
        ...page("record:read", true),
        allowed: (w, _who, rcp) => ({
          status: 302,
          location: new RegExp(`^/patients/${w.patient[rcp].id}#ct$`),
        }),
      },
      {
        method: "POST",
        label: "CT import",
        permission: "case:write",
        record: true,
        files: () => [
          {
            name: "scan.zip",
            data: writeZip(syntheticSeries().map((data, i) => ({ name: `IM${i}`, data }))),
          },
        ],
        allowed: () => ({ status: 201 }),
      },
    ],
  },
  "patients.$patientId.ct.$ctSeriesId.slice": {
    // One slice of the imported series as a PNG (decision 088): the synthetic series has 3 slices.
    path: (w, rcp) =>
      `/patients/${w.patient[rcp].id}/ct/${w.ctSeriesId[rcp]}/slice?axis=axial&index=1`,
    operations: [page("record:read", true), noAction],
  },
  "patients.$patientId.ct.$ctSeriesId.axis": {
    // The long axis proposed for the analysis (decision 127), read from the same series. The
    // synthetic series holds no bone: a reader of the patient's RCP gets the 400 naming the region
    // (the series was read), anyone else the 404 that says nothing of it.
    path: (w, rcp) => `/patients/${w.patient[rcp].id}/ct/${w.ctSeriesId[rcp]}/axis?site=vertebra`,
    operations: [{ ...page("record:read", true), allowed: () => ({ status: 400 }) }, noAction],
  },
  "patients.$patientId.timeline": {
    path: (w, rcp) => `/patients/${w.patient[rcp].id}/timeline`,
    operations: [page("record:read", true), noAction],
  },
  "patients.$patientId.fe-jobs": {
    path: (w, rcp) => `/patients/${w.patient[rcp].id}/fe-jobs`,
    operations: [
      page("record:read", true),
      {
        method: "POST",
        label: "queue an FE analysis",
        permission: "case:write",
        record: true,
        body: (w, _who, rcp) => ({
          ctSeriesId: String(w.ctSeriesId[rcp]),
          params: JSON.stringify(FE_PARAMS),
        }),
        allowed: () => ({ status: 201 }),
      },
    ],
  },
  "patients.$patientId.fe-jobs.$jobId": {
    path: (w, rcp) => `/patients/${w.patient[rcp].id}/fe-jobs/${w.feJobId[rcp]}`,
    operations: [page("record:read", true), noAction],
  },
  "patients.$patientId.fe-jobs.$jobId.events": {
    // Server-sent progress (decision 087); a finished job's stream is one event and the end.
    path: (w, rcp) => `/patients/${w.patient[rcp].id}/fe-jobs/${w.finishedFeJobId[rcp]}/events`,
    operations: [page("record:read", true), noAction],
  },
  "patients.$patientId.fe-jobs.$jobId.strain.$axis": {
    // One strain image of a job (decision 122): the setup gives the finished job a stored record
    // and its files (giveStrainImages), so the right is tested without running the solver here.
    path: (w, rcp) =>
      `/patients/${w.patient[rcp].id}/fe-jobs/${w.finishedFeJobId[rcp]}/strain/axial`,
    operations: [page("record:read", true), noAction],
  },
  "patients.$patientId.fe-jobs.$jobId.cancel": {
    // Each cell cancels a job of its own: a cancelled job cannot be cancelled again (409).
    path: (w, rcp) =>
      `/patients/${w.patient[rcp].id}/fe-jobs/${w.cancellableFeJobs[rcp].shift()}/cancel`,
    operations: [
      {
        ...page("record:read", true),
        allowed: (w, _who, rcp) => ({
          status: 302,
          location: new RegExp(`^/patients/${w.patient[rcp].id}/fe-jobs/\\d+$`),
        }),
      },
      {
        method: "POST",
        label: "cancel an FE analysis",
        permission: "case:write",
        record: true,
        body: () => ({}),
        allowed: ok200,
      },
    ],
  },
  "patients.$patientId.cases.new": {
    path: (w, rcp) => `/patients/${w.patient[rcp].id}/cases/new`,
    operations: [
      page("case:write", true),
      {
        method: "POST",
        permission: "case:write",
        record: true,
        body: () => validCase,
        allowed: () => ({ status: 302, location: /^\/cases\/\d+$/ }),
      },
    ],
  },
  "cases.$caseId._index": {
    path: (w, rcp) => `/cases/${w.caseId[rcp]}`,
    operations: [page("record:read", true), { ...noAction, record: true }],
  },
  "cases.$caseId.board": {
    path: (w, rcp) => `/cases/${w.caseId[rcp]}/board`,
    operations: [page("record:read", true), { ...noAction, record: true }],
  },
  "cases.$caseId.history": {
    path: (w, rcp) => `/cases/${w.caseId[rcp]}/history`,
    operations: [page("record:read", true), { ...noAction, record: true }],
  },
  "cases.$caseId.edit": {
    path: (w, rcp) => `/cases/${w.caseId[rcp]}/edit`,
    operations: [
      page("case:write", true),
      {
        method: "POST",
        permission: "case:write",
        record: true,
        body: () => ({ ...validCase, question: `Question ${next()}` }),
        allowed: (w, _who, rcp) => ({
          status: 302,
          location: new RegExp(`^/cases/${w.caseId[rcp]}$`),
        }),
      },
    ],
  },
  // Decisions (issue 11 §6–8): everyone who sees the case reads them; physicians sign, but only
  // as chair of an open meeting with the case: the matrix world's meetings have no chair, so a
  // physician passes the role check and the use case answers 403 (the chair's path, the 409 and
  // the 400s are in test/integration/decisions.test.ts). No version is signed in this world: the
  // PDF and FHIR of version 1 are 404 to everyone who may see the case.
  "cases.$caseId.decision._index": {
    path: (w, rcp) => `/cases/${w.caseId[rcp]}/decision`,
    operations: [
      page("record:read", true),
      {
        method: "POST",
        label: "sign",
        permission: "decision:sign",
        record: true,
        body: (w, _who, rcp) => ({
          intent: "sign",
          meetingId: String(w.meetingId[rcp]),
          expectedVersion: "0",
          confirm: "on",
        }),
        allowed: () => ({ status: 403 }),
        writes: false,
      },
    ],
  },
  "cases.$caseId.decision.$version.fiche[.]pdf": {
    path: (w, rcp) => `/cases/${w.caseId[rcp]}/decision/1/fiche.pdf`,
    operations: [
      { method: "GET", permission: "record:read", record: true, allowed: () => ({ status: 404 }) },
      { ...noAction, record: true },
    ],
  },
  "cases.$caseId.decision.$version.fhir[.]json": {
    path: (w, rcp) => `/cases/${w.caseId[rcp]}/decision/1/fhir.json`,
    operations: [
      { method: "GET", permission: "record:read", record: true, allowed: () => ({ status: 404 }) },
      { ...noAction, record: true },
    ],
  },
  "meetings.$meetingId.mode": {
    path: (w, rcp) => `/meetings/${w.meetingId[rcp]}/mode`,
    operations: [page("record:read", true), { ...noAction, record: true }],
  },
  // Meetings (issue 11 §1): everyone reads them; coordinators and admins plan them and change
  // them. The chair's own rights (attendance, open, close) are in test/integration/meetings.test.ts.
  "meetings._index": {
    path: () => "/meetings",
    operations: [
      page("record:read"),
      {
        method: "POST",
        permission: "meeting:manage",
        record: true,
        // The RCP is a choice in the form, as for a new patient: 400 naming rcpId.
        foreignRcp: { status: 400 },
        body: (w, _who, rcp) => ({
          intent: "plan",
          rcpId: String(w.rcpId[rcp]),
          date: "2099-01-05",
          time: `${String(Math.floor(next() / 60) % 24).padStart(2, "0")}:${String(serial % 60).padStart(2, "0")}`,
          place: "Salle Matrice",
          videoLink: "",
        }),
        allowed: () => ({ status: 302, location: /^\/meetings\/\d+$/ }),
      },
    ],
  },
  "meetings.$meetingId._index": {
    path: (w, rcp) => `/meetings/${w.meetingId[rcp]}`,
    operations: [
      page("record:read", true),
      {
        method: "POST",
        label: "add a guest",
        permission: "meeting:manage",
        record: true,
        body: () => ({
          intent: "add-guest",
          name: `Invité ${next()}`,
          physician: "no",
          specialty: "",
          presence: "onSite",
        }),
        allowed: (w, _who, rcp) => ({
          status: 302,
          location: new RegExp(`^/meetings/${w.meetingId[rcp]}$`),
        }),
      },
    ],
  },
  "admin.users": {
    path: () => "/admin/users",
    operations: [
      page("users:manage"),
      adminPost("create", (w) => ({
        intent: "create",
        email: `matrix-${next()}@osteoboard.local`,
        displayName: "Compte Matrice",
        password: "une-phrase-de-passe",
        role: "observer",
        rcpId: String(w.rcpId.demo),
      })),
      adminPost("role", (w) => ({
        intent: "role",
        userId: String(w.targetUserId),
        role: next() % 2 ? "coordinator" : "observer",
      })),
      adminPost("deactivate", (w) => ({ intent: "deactivate", userId: String(w.targetUserId) })),
      adminPost("reactivate", (w) => ({ intent: "reactivate", userId: String(w.targetUserId) })),
    ],
  },
  "admin.rcps": {
    path: () => "/admin/rcps",
    operations: [
      page("users:manage"),
      adminPost("create", () => ({
        intent: "create",
        name: `RCP Matrice ${next()}`,
        institution: "CH Matrice",
        feFailureLoadBodyWeights: "3",
      })),
      adminPost("update", (w) => ({
        intent: "update",
        rcpId: String(w.spareRcpId),
        name: `RCP de réserve ${next()}`,
        institution: "CH Réserve",
        feFailureLoadBodyWeights: "4",
      })),
      adminPost("add-member", (w) => ({
        intent: "add-member",
        rcpId: String(w.spareRcpId),
        userId: String(w.targetUserId),
      })),
      adminPost("remove-member", (w) => ({
        intent: "remove-member",
        rcpId: String(w.spareRcpId),
        userId: String(w.targetUserId),
      })),
    ],
  },
  "admin.audit": { path: () => "/admin/audit", operations: [page("audit:read"), noAction] },
  login: {
    path: () => "/login",
    operations: [
      {
        method: "GET",
        permission: "public",
        // Signed in already: nothing to do on the sign-in page.
        allowed: (_w, who) =>
          who === "signedOut" ? { status: 200 } : { status: 302, location: /^\/$/ },
      },
      {
        method: "POST",
        permission: "public",
        body: (w, who) => (who === "signedOut" ? DEMO.coordinator : w.credentials[who]),
        allowed: () => ({ status: 302, location: /^\/$/ }),
      },
    ],
  },
  logout: {
    path: () => "/logout",
    operations: [
      { method: "GET", permission: "public", allowed: () => ({ status: 302, location: /^\/$/ }) },
      {
        method: "POST",
        permission: "public",
        body: () => ({}),
        allowed: () => ({ status: 302, location: /^\/login$/ }),
      },
    ],
  },
  language: {
    path: () => "/language",
    operations: [
      { method: "GET", permission: "public", allowed: () => ({ status: 302, location: /^\/$/ }) },
      {
        method: "POST",
        permission: "public",
        body: () => ({ locale: "fr", redirectTo: "/patients" }),
        allowed: () => ({ status: 302, location: /^\/patients$/ }),
      },
    ],
  },
};

function expected(op: Operation, w: World, who: Who, rcp: RcpKey): Verdict {
  const refused = (e: Expected) => ({ ...e, allowed: false });
  if (op.permission === "public") return { ...op.allowed(w, who, rcp), allowed: true };
  if (who === "signedOut") return refused({ status: 302, location: /^\/login(\?|$)/ });
  if (!mayDo(who, op.permission)) return refused({ status: 403 });
  if (op.record && !maySee(who, rcp)) return refused(op.foreignRcp ?? { status: 404 });
  return { ...op.allowed(w, who, rcp), allowed: true };
}

// ---- The cells ----------------------------------------------------------------------------

interface Cell {
  route: string;
  op: Operation;
  who: Who;
  rcp: RcpKey;
}

const cells: Cell[] = [];
for (const [route, spec] of Object.entries(ROUTES)) {
  for (const op of spec.operations) {
    for (const rcp of op.record ? (["demo", "sud"] as const) : (["demo"] as const)) {
      for (const who of WHO) cells.push({ route, op, who, rcp });
    }
  }
}
const cellName = (c: Cell) =>
  `${c.who} ${c.op.method}${c.op.label ? ` (${c.op.label})` : ""} ${c.route}${
    c.op.record ? ` [record of the ${c.rcp} RCP]` : ""
  }`;

const ROUTES_DIR = fileURLToPath(new URL("../../app/routes", import.meta.url));

describe("the route-by-role matrix", () => {
  it("lists every route file of app/routes, and a POST cell for each action it exports", () => {
    const files = readdirSync(ROUTES_DIR)
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => f.replace(/\.tsx?$/, ""))
      .sort();
    expect(Object.keys(ROUTES).sort()).toEqual(files);
    for (const route of files) {
      const source = readFileSync(join(ROUTES_DIR, `${route}.tsx`), "utf8");
      const hasAction = /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(
        source,
      );
      const posts = ROUTES[route]?.operations.filter((o) => o.method === "POST") ?? [];
      expect(posts.length, route).toBeGreaterThan(0);
      expect(
        posts.every((o) => o !== noAction && o.label !== "no action"),
        `${route}: ${hasAction ? "has" : "has no"} action`,
      ).toBe(hasAction);
    }
  });

  it("expects the permission table that app/domain/records/permissions.ts grants", () => {
    for (const role of ROLES) {
      for (const p of PERMISSIONS) {
        expect(can({ id: 1, role, active: true, rcpIds: [] }, p), `${role} ${p}`).toBe(
          MAY[role].includes(p),
        );
      }
    }
  });
});

describe("the route-by-role matrix, on one server", () => {
  let srv: TestServer;
  let world: World;
  const cookies = new Map<Who, string>();

  /** The rows a refused request must not touch: contents, not only counts. */
  const stateOf = () => ({
    patients: queryRows(srv.dbPath, "SELECT * FROM patients ORDER BY id"),
    cases: queryRows(srv.dbPath, "SELECT * FROM cases ORDER BY id"),
    users: queryRows(
      srv.dbPath,
      "SELECT id, email, display_name, role, specialty, active FROM users ORDER BY id",
    ),
    rcps: queryRows(srv.dbPath, "SELECT * FROM rcps ORDER BY id"),
    rcpMembers: queryRows(srv.dbPath, "SELECT * FROM rcp_members ORDER BY rcp_id, user_id"),
    meetings: queryRows(srv.dbPath, "SELECT * FROM meetings ORDER BY id"),
    agenda: queryRows(srv.dbPath, "SELECT * FROM agenda_items ORDER BY meeting_id, case_id"),
    attendees: queryRows(srv.dbPath, "SELECT * FROM meeting_attendees ORDER BY 1, 2"),
    auditRows: countRows(srv.dbPath, "audit_log"),
    boardUpdates: countRows(srv.dbPath, "board_updates"),
    btaEvents: countRows(srv.dbPath, "bta_events"),
    ctSeries: countRows(srv.dbPath, "ct_series"),
    feJobs: queryRows(srv.dbPath, "SELECT * FROM fe_jobs ORDER BY id"),
    sessions: countRows(srv.dbPath, "sessions"),
  });

  beforeAll(async () => {
    srv = await startServer();
    const admin = await signIn(srv.url, DEMO.admin);
    const rcpIdNamed = (name: string) =>
      queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM rcps WHERE name = ?", name)[0]?.id ?? 0;
    const userIdOf = (email: string) =>
      queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM users WHERE email = ?", email)[0]?.id ??
      0;
    const must = async (res: Promise<Response>, status: number) => {
      const r = await res;
      if (r.status !== status)
        throw new Error(`setup: ${r.status} ${(await r.text()).match(/"errors":\[[^\]]*\]/)?.[0]}`);
      return r;
    };
    // The second RCP and its only physician, made through the product as an admin would.
    for (const name of ["RCP Sud", "RCP de réserve"]) {
      await must(
        postForm(
          srv.url,
          "/admin/rcps",
          { intent: "create", name, institution: "CH Sud", feFailureLoadBodyWeights: "3" },
          { cookie: admin },
        ),
        200,
      );
    }
    const sud = rcpIdNamed("RCP Sud");
    const [demo] = queryRows<{ id: number }>(srv.dbPath, "SELECT id FROM rcps ORDER BY id LIMIT 1");
    const otherRcp = { email: "sud.medecin@osteoboard.local", password: "une-phrase-de-passe" };
    for (const [email, role, rcpId] of [
      [otherRcp.email, "physician", sud],
      ["cible.matrice@osteoboard.local", "observer", sud],
    ] as const) {
      await must(
        postForm(
          srv.url,
          "/admin/users",
          {
            intent: "create",
            email,
            displayName: email,
            password: otherRcp.password,
            role,
            specialty: role === "physician" ? "radiology" : "",
            rcpId: String(rcpId),
          },
          { cookie: admin },
        ),
        200,
      );
    }
    cookies.set("admin", admin);
    cookies.set("coordinator", await signIn(srv.url, DEMO.coordinator));
    cookies.set("physician", await signIn(srv.url, DEMO.physician));
    cookies.set("observer", await signIn(srv.url, DEMO.observer));
    cookies.set("otherRcp", await signIn(srv.url, otherRcp));

    // One patient and one case in each RCP, written by a member of that RCP.
    const patientIn = async (who: Who, hospitalId: string, rcpId: number) => {
      const res = await must(
        postForm(
          srv.url,
          "/patients/new",
          { ...validPatient, hospitalId, rcpId: String(rcpId) },
          { cookie: cookies.get(who) },
        ),
        302,
      );
      const id = Number(res.headers.get("location")?.split("/").pop());
      const created = await must(
        postForm(srv.url, `/patients/${id}/cases/new`, validCase, { cookie: cookies.get(who) }),
        302,
      );
      return { id, hospitalId, caseId: Number(created.headers.get("location")?.split("/").pop()) };
    };
    const demoRecords = await patientIn("coordinator", "MX-DEMO", demo?.id ?? 0);
    const sudRecords = await patientIn("otherRcp", "MX-SUD", sud);
    // A planned meeting in each RCP, by the admin (who manages every RCP's meetings).
    const meetingIn = async (rcpId: number) => {
      const res = await must(
        postForm(
          srv.url,
          "/meetings",
          {
            intent: "plan",
            rcpId: String(rcpId),
            date: "2099-01-02",
            time: "14:00",
            place: "Salle Matrice",
            videoLink: "",
          },
          { cookie: admin },
        ),
        302,
      );
      return Number(res.headers.get("location")?.split("/").pop());
    };
    const meetingId = { demo: await meetingIn(demo?.id ?? 0), sud: await meetingIn(sud) };
    // A CT and queued FE jobs for each RCP's patient, by a member of that RCP.
    const feSetup = async (who: Who, patientId: number) => {
      const upload = await must(
        postFiles(
          srv.url,
          `/patients/${patientId}/ct`,
          [
            {
              name: "scan.zip",
              data: writeZip(syntheticSeries().map((data, i) => ({ name: `IM${i}`, data }))),
            },
          ],
          cookies.get(who),
        ),
        201,
      );
      const ctSeriesId = ((await upload.json()) as { ctSeries: { id: number } }).ctSeries.id;
      const jobs: number[] = [];
      for (let n = 0; n < 14; n++) {
        const res = await must(
          postForm(
            srv.url,
            `/patients/${patientId}/fe-jobs`,
            { ctSeriesId: String(ctSeriesId), params: JSON.stringify(FE_PARAMS) },
            { cookie: cookies.get(who) },
          ),
          201,
        );
        jobs.push(((await res.json()) as { feJob: { id: number } }).feJob.id);
      }
      const [feJobId, finishedFeJobId, ...cancellable] = jobs;
      await must(
        postForm(
          srv.url,
          `/patients/${patientId}/fe-jobs/${finishedFeJobId}/cancel`,
          {},
          {
            cookie: cookies.get(who),
          },
        ),
        200,
      );
      return { ctSeriesId, feJobId, finishedFeJobId, cancellable };
    };
    const feDemo = await feSetup("coordinator", demoRecords.id);
    const feSud = await feSetup("otherRcp", sudRecords.id);
    // Three 2 × 2 PNGs beside the job and their record in its result, as the runner writes them
    // (server/fe/strainImages.ts): the strain route then has an image to serve or to withhold.
    const giveStrainImages = (jobId: number) => {
      const png = PNG.sync.write(new PNG({ width: 2, height: 2 }));
      const images = (["axial", "coronal", "sagittal"] as const).map((axis) => {
        const file = `fe-jobs/${jobId}/strain-${axis}.png`;
        mkdirSync(join(dirname(srv.dbPath), `fe-jobs/${jobId}`), { recursive: true });
        writeFileSync(join(dirname(srv.dbPath), file), png);
        const sha256 = createHash("sha256").update(png).digest("hex");
        return { axis, file, sha256, slice_index: 0, width: 2, height: 2, pixel_mm: [1, 1] };
      });
      const db = new Database(srv.dbPath);
      db.prepare("UPDATE fe_jobs SET result = ? WHERE id = ?").run(
        JSON.stringify({
          strain_images: {
            load_case: "vertebra-compression",
            measure: "max-principal-strain-ratio",
            colour_map: "viridis",
            scale: { min: 0, max: 1 },
            weakest_position_mm: [1, 1, 1],
            images,
          },
        }),
        jobId,
      );
      db.close();
    };
    giveStrainImages(feDemo.finishedFeJobId);
    giveStrainImages(feSud.finishedFeJobId);
    world = {
      rcpId: { demo: demo?.id ?? 0, sud },
      patient: { demo: demoRecords, sud: sudRecords },
      caseId: { demo: demoRecords.caseId, sud: sudRecords.caseId },
      meetingId,
      targetUserId: userIdOf("cible.matrice@osteoboard.local"),
      spareRcpId: rcpIdNamed("RCP de réserve"),
      ctSeriesId: { demo: feDemo.ctSeriesId, sud: feSud.ctSeriesId },
      feJobId: { demo: feDemo.feJobId, sud: feSud.feJobId },
      finishedFeJobId: { demo: feDemo.finishedFeJobId, sud: feSud.finishedFeJobId },
      cancellableFeJobs: { demo: feDemo.cancellable, sud: feSud.cancellable },
      credentials: {
        admin: DEMO.admin,
        coordinator: DEMO.coordinator,
        physician: DEMO.physician,
        observer: DEMO.observer,
        otherRcp,
      },
    };
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it.each(cells.map((c) => [cellName(c), c] as const))("%s", async (_name, c) => {
    const spec = ROUTES[c.route];
    if (!spec) throw new Error(`no route ${c.route}`);
    const want = expected(c.op, world, c.who, c.rcp);
    const path = spec.path(world, c.rcp);
    // Signing out ends the session it is sent with: use a session of its own.
    const cookie =
      c.who === "signedOut"
        ? undefined
        : c.route === "logout" && c.op.method === "POST"
          ? await signIn(srv.url, world.credentials[c.who])
          : cookies.get(c.who);
    const before = stateOf();
    const res =
      c.op.method === "GET"
        ? await get(srv.url, path, cookie)
        : c.op.files
          ? await postFiles(srv.url, path, c.op.files(), cookie)
          : await postForm(srv.url, path, c.op.body?.(world, c.who, c.rcp) ?? {}, { cookie });
    const text = await res.text();
    expect(res.status, `${c.op.method} ${path}: ${text.slice(0, 300)}`).toBe(want.status);
    if (want.location) expect(res.headers.get("location")).toMatch(want.location);
    const after = stateOf();
    const wrote =
      c.op.method === "POST" &&
      c.op.permission !== "public" &&
      want.allowed &&
      c.op.writes !== false;
    if (wrote) {
      // An allowed change writes its audit row (architecture: one transaction + audit row).
      expect(after.auditRows).toBe(before.auditRows + 1);
    } else if (!(c.op.method === "POST" && (c.route === "login" || c.route === "logout"))) {
      // Sign-in and sign-out write sessions, not records; every other refusal writes nothing.
      expect(after).toEqual(before);
    }
  });
});
