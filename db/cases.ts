import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { CaseInput, CaseStatus } from "../app/domain/records/case";
import type { Db } from "./index";
import { matchesEveryTerm } from "./like";
import { cases, patients } from "./schema";

export type CaseRow = typeof cases.$inferSelect;

const toRow = (c: CaseInput) => ({
  question: c.question,
  referringPhysician: c.referringPhysician,
  urgency: c.urgency,
  status: c.status,
  btaInQuestion: c.btaInQuestion,
  imagingDate: c.imagingDate ?? null,
  summary: c.summary ?? null,
});

export function insertCase(
  db: Db,
  createdBy: number | null,
  patientId: number,
  c: CaseInput,
): CaseRow {
  return db
    .insert(cases)
    .values({ patientId, ...toRow(c), createdBy })
    .returning()
    .get();
}

export function updateCaseRow(db: Db, id: number, c: CaseInput, now: string): CaseRow | undefined {
  return db
    .update(cases)
    .set({ ...toRow(c), updatedAt: now })
    .where(eq(cases.id, id))
    .returning()
    .get();
}

/** A case with the patient and board it belongs to (for access checks and headers). */
export function getCase(db: Db, id: number) {
  return db
    .select({ case: cases, patient: patients })
    .from(cases)
    .innerJoin(patients, eq(patients.id, cases.patientId))
    .where(eq(cases.id, id))
    .get();
}

/** The first case of the patient with this hospital id (demo seeding finds its cases this way). */
export function firstCaseOfHospitalId(db: Db, hospitalId: string): number | undefined {
  return db
    .select({ id: cases.id })
    .from(cases)
    .innerJoin(patients, eq(patients.id, cases.patientId))
    .where(eq(patients.hospitalId, hospitalId))
    .orderBy(asc(cases.id))
    .limit(1)
    .get()?.id;
}

export function casesOfPatient(db: Db, patientId: number): CaseRow[] {
  return db
    .select()
    .from(cases)
    .where(eq(cases.patientId, patientId))
    .orderBy(desc(cases.id))
    .all();
}

export interface CaseFilter {
  rcpIds: readonly number[] | null;
  status?: CaseStatus;
  q?: string;
}

export function listCases(db: Db, f: CaseFilter) {
  const where: SQL[] = [];
  if (f.rcpIds !== null) {
    if (f.rcpIds.length === 0) return [];
    where.push(inArray(patients.rcpId, [...f.rcpIds]));
  }
  if (f.status) where.push(eq(cases.status, f.status));
  // Each word in the patient's names, hospital id or the case's question (db/like.ts).
  const match = matchesEveryTerm(
    [patients.lastName, patients.firstName, patients.hospitalId, cases.question],
    f.q ?? "",
  );
  if (match) where.push(match);
  return db
    .select({ case: cases, patient: patients })
    .from(cases)
    .innerJoin(patients, eq(patients.id, cases.patientId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(cases.updatedAt), desc(cases.id))
    .limit(500)
    .all();
}

/** Moves a case's status (signing marks it discussed); returns the row before and after. */
export function setCaseStatus(db: Db, id: number, status: CaseStatus, now: string) {
  return db.update(cases).set({ status, updatedAt: now }).where(eq(cases.id, id)).returning().get();
}
