// Writes the demo records (RCPs, users, patients, cases) through db/, each with its audit row.
import { createCase } from "../../db/cases";
import type { Db } from "../../db/index";
import { createPatient } from "../../db/patients";
import { boards } from "../../db/schema";
import { createUser } from "../../db/users";
import type { DemoFixtures } from "./fixtures";

export interface SeededRecords {
  /** users.id by e-mail, as the fixtures name users. */
  userIds: ReadonlyMap<string, number>;
  /** cases.id by `caseKey(hospitalId, index)`, as boards.json names cases. */
  caseIds: ReadonlyMap<string, number>;
  patients: number;
}

export const caseKey = (hospitalId: string, caseIndex: number) => `${hospitalId}#${caseIndex}`;

/** `passwordHashes[i]` belongs to `fixtures.users[i]` (hashing is async, these writes are not). */
export function writeRecords(
  tx: Db,
  fixtures: DemoFixtures,
  passwordHashes: readonly string[],
): SeededRecords {
  const rcpIds = new Map<string, number>();
  for (const { key, ...rcp } of fixtures.rcps) {
    // No user exists yet to be the actor that db/boards.ts createBoard requires, so the RCP row
    // is inserted without an audit row, as the first seed (issue 2) did.
    rcpIds.set(key, tx.insert(boards).values(rcp).returning().get().id);
  }
  const userIds = new Map<string, number>();
  fixtures.users.forEach((u, i) => {
    const row = createUser(tx, null, {
      email: u.email,
      displayName: u.displayName,
      passwordHash: passwordHashes[i] ?? "",
      role: u.role,
      specialty: u.specialty ?? null,
      boardIds: [idOf(rcpIds, u.rcp)],
    });
    userIds.set(u.email, row.id);
  });
  const { rcp, author, patients } = fixtures.patients;
  const rcpId = idOf(rcpIds, rcp);
  const authorId = idOf(userIds, author);
  const caseIds = new Map<string, number>();
  for (const { cases, ...patient } of patients) {
    const p = createPatient(tx, authorId, rcpId, patient);
    cases.forEach((c, i) => {
      caseIds.set(caseKey(patient.hospitalId, i), createCase(tx, authorId, p.id, c).id);
    });
  }
  return { userIds, caseIds, patients: patients.length };
}

/** Keys were checked against the files when they were parsed; a miss here is a seed bug. */
export function idOf(ids: ReadonlyMap<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`demo seed: "${key}" was not written`);
  return id;
}
