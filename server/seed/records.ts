// Writes the demo records (RCPs, users, patients, cases) through the use cases, each with its
// audit row (the seed is their first, actor-less caller).

import { recordBtaEvent } from "../usecases/bta";
import { createCase } from "../usecases/cases";
import type { AppContext } from "../usecases/context";
import { createPatient } from "../usecases/patients";
import { createRcp, setRcpMeetingSettings } from "../usecases/rcps";
import { createUserWithHash } from "../usecases/users";
import type { DemoFixtures } from "./fixtures";

export interface SeededRecords {
  /** rcps.id by fixture key. */
  rcpIds: ReadonlyMap<string, number>;
  /** users.id by e-mail, as the fixtures name users. */
  userIds: ReadonlyMap<string, number>;
  /** cases.id by `caseKey(hospitalId, index)`, as boards.json names cases. */
  caseIds: ReadonlyMap<string, number>;
  patients: number;
}

export const caseKey = (hospitalId: string, caseIndex: number) => `${hospitalId}#${caseIndex}`;

/** `passwordHashes[i]` belongs to `fixtures.users[i]` (hashing is async, these writes are not). */
export function writeRecords(
  ctx: AppContext,
  fixtures: DemoFixtures,
  passwordHashes: readonly string[],
): SeededRecords {
  const rcpIds = new Map<string, number>();
  for (const { key, meeting, ...rcp } of fixtures.rcps) {
    const id = createRcp(ctx, null, rcp).id;
    if (meeting) setRcpMeetingSettings(ctx, null, id, meeting);
    rcpIds.set(key, id);
  }
  const userIds = new Map<string, number>();
  fixtures.users.forEach((u, i) => {
    const row = createUserWithHash(
      ctx,
      null,
      {
        email: u.email,
        displayName: u.displayName,
        role: u.role,
        specialty: u.specialty,
        rcpId: idOf(rcpIds, u.rcp),
      },
      passwordHashes[i] ?? "",
    );
    userIds.set(u.email, row.id);
  });
  const { rcp, author, patients } = fixtures.patients;
  const rcpId = idOf(rcpIds, rcp);
  const authorId = idOf(userIds, author);
  const caseIds = new Map<string, number>();
  for (const { cases, bta, ...patient } of patients) {
    const p = createPatient(ctx, authorId, rcpId, patient);
    // Through the use case: the engine checks each event as if a physician typed it.
    for (const event of bta?.events ?? [])
      recordBtaEvent(ctx, idOf(userIds, bta?.recordedBy ?? ""), p.id, event);
    cases.forEach((c, i) => {
      caseIds.set(caseKey(patient.hospitalId, i), createCase(ctx, authorId, p.id, c).id);
    });
  }
  return { rcpIds, userIds, caseIds, patients: patients.length };
}

/** Keys were checked against the files when they were parsed; a miss here is a seed bug. */
export function idOf(ids: ReadonlyMap<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`demo seed: "${key}" was not written`);
  return id;
}
