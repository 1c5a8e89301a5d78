// The demo data's shape (docs/decisions/050-demo-data-as-fixtures.md). The four JSON files under
// fixtures/ are parsed with the schemas a user's input goes through (app/domain/records for the records,
// app/domain/board/schema.ts for the case boards), so a fixture can hold nothing the forms or the board
// would refuse. Files refer to each other by stable keys, never by row ids: an RCP by its `key`,
// a user by e-mail, a case by its patient's hospital id and its index in that patient's `cases`.
import { z } from "zod";
import {
  BoardDocumentSchema,
  BoardLesionSchema,
  LesionAssessmentSchema,
  TreatmentOptionSchema,
} from "../../app/domain/board/schema";
import { OneOffSessionSchema } from "../../app/domain/meeting/calendar";
import { RcpMeetingSettingsSchema } from "../../app/domain/meeting/settings";
import { makeBtaEventInputSchema } from "../../app/domain/records/btaEvent";
import { makeCaseInputSchema } from "../../app/domain/records/case";
import { makePatientInputSchema } from "../../app/domain/records/patient";
import { RcpInputSchema } from "../../app/domain/records/rcp";
import { NewUserInputSchema } from "../../app/domain/records/user";

export const FIXTURE_FILES = [
  "rcps.json",
  "users.json",
  "patients.json",
  "boards.json",
  "meetings.json",
] as const;
export type FixtureFile = (typeof FIXTURE_FILES)[number];
export type RawFixtures = Record<FixtureFile, unknown>;

/** A fixture that does not parse: the file and every field at fault, with what was expected. */
export class FixtureError extends Error {
  constructor(
    readonly file: FixtureFile,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(issues.map((i) => `server/seed/fixtures/${file}: ${i.path}: ${i.message}`).join("\n"));
    this.name = "FixtureError";
  }
}

const KeySchema = z.string().regex(/^[a-z0-9-]+$/, { message: "expected a key like demo-rcp" });

type Keys = readonly [string, ...string[]];

/** The keys a later file may name (each list comes from a parsed, non-empty array). */
function keysOf(values: readonly string[]): Keys {
  const [first, ...rest] = values;
  if (first === undefined) throw new Error("a fixture list parsed empty despite its min(1)");
  return [first, ...rest];
}

/** Forwards the issues of a nested parse into the current one (paths stay relative to it). */
function forward(ctx: z.RefinementCtx, error: z.ZodError): never {
  for (const issue of error.issues) {
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  }
  return z.NEVER;
}

function refuseDuplicates(values: readonly string[], field: string, ctx: z.RefinementCtx): void {
  values.forEach((v, i) => {
    if (values.indexOf(v) !== i) {
      ctx.addIssue({ code: "custom", path: [i, field], message: `"${v}" appears twice` });
    }
  });
}

const rcpsSchema = z
  .array(
    RcpInputSchema.extend({
      key: KeySchema,
      /** The RCP's calendar and quorum requirements, as the admin page sets them. */
      meeting: RcpMeetingSettingsSchema.optional(),
    }),
  )
  .min(1)
  .superRefine((rcps, ctx) =>
    refuseDuplicates(
      rcps.map((r) => r.key),
      "key",
      ctx,
    ),
  );

function usersSchema(rcpKeys: Keys) {
  const user = z.looseObject({ rcp: z.enum(rcpKeys) }).transform((raw, ctx) => {
    const { rcp, ...fields } = raw;
    if ("rcpId" in fields) {
      ctx.addIssue({ code: "custom", path: ["rcpId"], message: "name the RCP with rcp" });
    }
    // NewUserInputSchema (the admin form's) files a user under one RCP by row id; the RCP's position
    // in rcps.json stands in for it here, as the row does not exist yet.
    const parsed = NewUserInputSchema.safeParse({ ...fields, rcpId: rcpKeys.indexOf(rcp) + 1 });
    if (!parsed.success) return forward(ctx, parsed.error);
    const { rcpId: _position, ...u } = parsed.data;
    return { ...u, rcp };
  });
  return z
    .array(user)
    .min(1)
    .superRefine((users, ctx) =>
      refuseDuplicates(
        users.map((u) => u.email.toLowerCase()),
        "email",
        ctx,
      ),
    );
}

function patientsSchema(rcpKeys: Keys, emails: Keys, today: string) {
  const patient = makePatientInputSchema(today).safeExtend({
    cases: z.array(makeCaseInputSchema(today, { answerRequired: true })).min(1),
    /** The patient's BTA events in order, recorded by a physician (issue 12 §1). */
    bta: z
      .object({
        recordedBy: z.enum(emails),
        events: z.array(makeBtaEventInputSchema(today)).min(1),
      })
      .optional(),
  });
  return z.object({
    /** The RCP the patients are filed under, and the user recorded as having entered them. */
    rcp: z.enum(rcpKeys),
    author: z.enum(emails),
    patients: z
      .array(patient)
      .min(1)
      .superRefine((ps, ctx) =>
        refuseDuplicates(
          ps.map((p) => p.hospitalId),
          "hospitalId",
          ctx,
        ),
      ),
  });
}

/** Fields of a board lesion the seed fills in itself (ids from the case, authors from users). */
const FILLED_LESION_FIELDS = ["id", "createdBy", "createdAt", "options", "assessments"] as const;

// BoardLesionSchema carries the site/side refinement, so zod cannot .omit() the filled fields:
// parse with a stand-in id and drop it again.
const lesionSchema = z.looseObject({}).transform((raw, ctx) => {
  for (const key of FILLED_LESION_FIELDS) {
    if (key in raw) {
      ctx.addIssue({ code: "custom", path: [key], message: "set by the seed: leave it out" });
    }
  }
  const parsed = BoardLesionSchema.safeParse({ ...raw, id: "fixture" });
  if (!parsed.success) return forward(ctx, parsed.error);
  const { id: _id, createdBy: _by, createdAt: _at, ...lesion } = parsed.data;
  return lesion;
});

function boardsSchema(emails: Keys, casesPerPatient: ReadonlyMap<string, number>) {
  const hospitalIds = keysOf([...casesPerPatient.keys()]);
  const board = z
    .object({
      hospitalId: z.enum(hospitalIds),
      /** Which of the patient's cases (0: the first in patients.json). */
      caseIndex: z.number().int().min(0),
      /** Stage 1 (lesions, imaging, discussion) is stored as sent by this user. */
      firstLookBy: z.enum(emails),
      discussion: BoardDocumentSchema.shape.discussion,
      lesions: z
        .array(
          z.object({
            lesion: lesionSchema,
            assessments: z.array(LesionAssessmentSchema.omit({ id: true })).default([]),
            /** Stage 2 (the work-up): each option is stored as sent by the user who proposed it. */
            options: z
              .array(
                TreatmentOptionSchema.omit({ id: true, proposedBy: true, proposedAt: true }).extend(
                  { by: z.enum(emails) },
                ),
              )
              .default([]),
          }),
        )
        .min(1),
    })
    .superRefine((b, ctx) => {
      const count = casesPerPatient.get(b.hospitalId) ?? 0;
      if (b.caseIndex >= count) {
        ctx.addIssue({
          code: "custom",
          path: ["caseIndex"],
          message: `${b.hospitalId} has ${count} case(s) in patients.json`,
        });
      }
    });
  return z
    .object({
      /** When the two stored states were written, in days before the seed's `now`. */
      firstLookDaysAgo: z.number().int().min(0),
      workUpDaysAgo: z.number().int().min(0),
      boards: z
        .array(board)
        .min(1)
        .superRefine((bs, ctx) =>
          refuseDuplicates(
            bs.map((b) => `${b.hospitalId} case ${b.caseIndex}`),
            "caseIndex",
            ctx,
          ),
        ),
    })
    .refine((f) => f.workUpDaysAgo <= f.firstLookDaysAgo, {
      path: ["workUpDaysAgo"],
      message: "the work-up comes after the first look",
    });
}

/**
 * Meetings placed relative to the seed's today (a demo always has a meeting next week), with the
 * calendar's own schema for time, place and link (app/domain/meeting/calendar.ts). The chair is a
 * user of users.json; the agenda names cases as boards.json does. Attendance is left unmarked.
 */
function meetingsSchema(rcpKeys: Keys, emails: Keys, casesPerPatient: ReadonlyMap<string, number>) {
  const hospitalIds = keysOf([...casesPerPatient.keys()]);
  const agendaCase = z
    .object({ hospitalId: z.enum(hospitalIds), caseIndex: z.number().int().min(0) })
    .refine((c) => c.caseIndex < (casesPerPatient.get(c.hospitalId) ?? 0), {
      path: ["caseIndex"],
      message: "no such case in patients.json",
    });
  const meeting = OneOffSessionSchema.omit({ date: true }).extend({
    daysFromToday: z.number().int().min(0).max(365),
    chair: z.enum(emails).optional(),
    agenda: z.array(agendaCase).max(50).default([]),
  });
  return z.object({ rcp: z.enum(rcpKeys), meetings: z.array(meeting).default([]) });
}

export type DemoRcp = z.infer<typeof rcpsSchema>[number];
export type DemoUser = z.infer<ReturnType<typeof usersSchema>>[number];
export type DemoPatients = z.infer<ReturnType<typeof patientsSchema>>;
export type DemoBoards = z.infer<ReturnType<typeof boardsSchema>>;
export type DemoBoard = DemoBoards["boards"][number];
export type DemoMeetings = z.infer<ReturnType<typeof meetingsSchema>>;

export interface DemoFixtures {
  rcps: DemoRcp[];
  users: DemoUser[];
  patients: DemoPatients;
  boards: DemoBoards;
  meetings: DemoMeetings;
}

function parseFile<T>(file: FixtureFile, schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new FixtureError(
    file,
    parsed.error.issues.map((i) => ({ path: fieldPath(i.path), message: i.message })),
  );
}

/** `patients[3].cases[0].urgency`: how the field reads in the JSON file. */
function fieldPath(path: readonly PropertyKey[]): string {
  const text = path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
  return text || "(file)";
}

/**
 * Parses the five files in order, each against the keys of those before it. `today` (UTC
 * calendar date) bounds the patients' dates, as on the patient form.
 */
export function parseFixtures(raw: RawFixtures, today: string): DemoFixtures {
  const rcps = parseFile("rcps.json", rcpsSchema, raw["rcps.json"]);
  const rcpKeys = keysOf(rcps.map((r) => r.key));
  const users = parseFile("users.json", usersSchema(rcpKeys), raw["users.json"]);
  const emails = keysOf(users.map((u) => u.email));
  const patients = parseFile(
    "patients.json",
    patientsSchema(rcpKeys, emails, today),
    raw["patients.json"],
  );
  const casesPerPatient = new Map(patients.patients.map((p) => [p.hospitalId, p.cases.length]));
  const boards = parseFile(
    "boards.json",
    boardsSchema(emails, casesPerPatient),
    raw["boards.json"],
  );
  const meetings = parseFile(
    "meetings.json",
    meetingsSchema(rcpKeys, emails, casesPerPatient),
    raw["meetings.json"],
  );
  return { rcps, users, patients, boards, meetings };
}
