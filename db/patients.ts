import { and, asc, count, eq, inArray, type SQL } from "drizzle-orm";
import type { PatientInput } from "../app/domain/records/patient";
import type { Db } from "./index";
import { matchesEveryTerm } from "./like";
import { patients } from "./schema";

export type PatientRow = typeof patients.$inferSelect;

export class DuplicateHospitalIdError extends Error {
  constructor() {
    super("hospital id already used on this board");
  }
}

const toRow = (p: PatientInput) => ({
  hospitalId: p.hospitalId,
  lastName: p.lastName,
  firstName: p.firstName,
  birthDate: p.birthDate,
  sex: p.sex,
  primaryCancer: p.primaryCancer,
  cancerDiagnosisDate: p.cancerDiagnosisDate ?? null,
  boneMetastasisDiagnosisDate: p.boneMetastasisDiagnosisDate ?? null,
  weightKg: p.weightKg ?? null,
  ecog: p.ecog ?? null,
  karnofsky: p.karnofsky ?? null,
  systemicTreatment: p.systemicTreatment,
  systemicTreatmentDetail: p.systemicTreatmentDetail ?? null,
  creatinineClearanceMlMin: p.creatinineClearanceMlMin ?? null,
  creatinineClearanceDate: p.creatinineClearanceDate ?? null,
  survivalBand: p.survivalBand,
  wishes: p.wishes ?? null,
  dentalCheckDate: p.dentalCheckDate ?? null,
});

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Error && "code" in e && e.code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** Inserts a patient; a hospital id already used on the board throws DuplicateHospitalIdError. */
export function insertPatient(db: Db, rcpId: number, p: PatientInput): PatientRow {
  try {
    return db
      .insert(patients)
      .values({ rcpId, ...toRow(p) })
      .returning()
      .get();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplicateHospitalIdError();
    throw e;
  }
}

export function updatePatientRow(
  db: Db,
  id: number,
  p: PatientInput,
  now: string,
): PatientRow | undefined {
  try {
    return db
      .update(patients)
      .set({ ...toRow(p), updatedAt: now })
      .where(eq(patients.id, id))
      .returning()
      .get();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplicateHospitalIdError();
    throw e;
  }
}

export function getPatient(db: Db, id: number): PatientRow | undefined {
  return db.select().from(patients).where(eq(patients.id, id)).get();
}

/**
 * Search within the given RCPs (`null`: every RCP): each word of `q` is found in the last name,
 * first name or hospital id, in any order, ignoring case and accents ("chev sar", "DEMO-0007").
 */
export function listPatients(db: Db, rcpIds: readonly number[] | null, q = ""): PatientRow[] {
  const where: SQL[] = [];
  if (rcpIds !== null) {
    if (rcpIds.length === 0) return [];
    where.push(inArray(patients.rcpId, [...rcpIds]));
  }
  const match = matchesEveryTerm([patients.lastName, patients.firstName, patients.hospitalId], q);
  if (match) where.push(match);
  return db
    .select()
    .from(patients)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(patients.lastName), asc(patients.firstName))
    .limit(500)
    .all();
}

export function countPatients(db: Db): number {
  return db.select({ n: count() }).from(patients).get()?.n ?? 0;
}
