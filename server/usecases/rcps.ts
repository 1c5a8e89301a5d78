// Tumour boards (RCP-OOS): their settings and members (admin). Each change is one transaction
// with its audit row.
import type { RcpCalendar } from "../../app/domain/meeting/calendar";
import type { RequiredSpecialty } from "../../app/domain/meeting/quorum";
import {
  type RcpMeetingSettings,
  RcpMeetingSettingsSchema,
} from "../../app/domain/meeting/settings";
import { writeAudit } from "../../db/audit";
import {
  deleteRcpMember,
  getRcp,
  insertRcp,
  insertRcpMember,
  isRcpMember,
  listRcps,
  type RcpInput,
  type RcpRow,
  rcpMembersOf,
  updateRcpMeetingSettingsRow,
  updateRcpRow,
} from "../../db/rcps";
import { getUser } from "../../db/users";
import type { AppContext } from "./context";
import { invalid, notFound } from "./refusal";

export type { RcpInput, RcpRow };

export interface RcpMember {
  id: number;
  displayName: string;
  specialty: string | null;
  role: string;
}

/** RCPs visible to a user: `null` means every RCP (admins). */
export function listVisibleRcps(ctx: AppContext, rcpIds: readonly number[] | null): RcpRow[] {
  return listRcps(ctx.db, rcpIds);
}

export function findRcp(ctx: AppContext, id: number): RcpRow | undefined {
  return getRcp(ctx.db, id);
}

export function membersOf(ctx: AppContext, rcpId: number): RcpMember[] {
  return rcpMembersOf(ctx.db, rcpId);
}

export function createRcp(ctx: AppContext, actorId: number | null, input: RcpInput): RcpRow {
  return ctx.db.transaction((tx) => {
    const row = insertRcp(tx, input);
    writeAudit(tx, {
      userId: actorId,
      entity: "rcp",
      entityId: row.id,
      action: "create",
      after: row,
    });
    return row;
  });
}

export function updateRcp(ctx: AppContext, actorId: number, id: number, input: RcpInput): RcpRow {
  return ctx.db.transaction((tx) => {
    const before = getRcp(tx, id);
    if (!before) throw invalid("rcpId");
    const after = updateRcpRow(tx, id, input) ?? before;
    writeAudit(tx, {
      userId: actorId,
      entity: "rcp",
      entityId: id,
      action: "update",
      before,
      after,
    });
    return after;
  });
}

/** Adds or removes a member; returns false when there was nothing to change (no audit row). */
export function setRcpMember(
  ctx: AppContext,
  actorId: number,
  rcpId: number,
  userId: number,
  member: boolean,
): boolean {
  return ctx.db.transaction((tx) => {
    if (!getRcp(tx, rcpId)) throw invalid("rcpId");
    if (!getUser(tx, userId)) throw invalid("userId");
    if (isRcpMember(tx, rcpId, userId) === member) return false;
    if (member) insertRcpMember(tx, rcpId, userId);
    else deleteRcpMember(tx, rcpId, userId);
    writeAudit(tx, {
      userId: actorId,
      entity: "rcp",
      entityId: rcpId,
      action: member ? "add-member" : "remove-member",
      before: member ? null : { userId },
      after: member ? { userId } : null,
    });
    return true;
  });
}

/**
 * The RCP's calendar and the specialties its quorum requires, as the meetings code reads them.
 * The stored JSON is parsed again with the kernel schema: a row written by hand that no longer
 * parses throws rather than schedule a meeting on a guess.
 */
export function rcpMeetingSettings(
  ctx: AppContext,
  rcpId: number,
): { calendar: RcpCalendar | null; requiredSpecialties: RequiredSpecialty[] } {
  const row = getRcp(ctx.db, rcpId);
  if (!row) throw notFound();
  // An RCP created before insertRcp wrote [] explicitly holds the string "[]" (db/rcps.ts).
  const required =
    typeof row.requiredSpecialties === "string"
      ? JSON.parse(row.requiredSpecialties)
      : row.requiredSpecialties;
  return RcpMeetingSettingsSchema.parse({ calendar: row.calendar, requiredSpecialties: required });
}

/** Sets the calendar and required specialties (admin), in one transaction with its audit row. */
export function setRcpMeetingSettings(
  ctx: AppContext,
  actorId: number | null,
  rcpId: number,
  input: RcpMeetingSettings,
): RcpRow {
  const settings = RcpMeetingSettingsSchema.parse(input);
  return ctx.db.transaction((tx) => {
    const before = getRcp(tx, rcpId);
    if (!before) throw invalid("rcpId");
    const after = updateRcpMeetingSettingsRow(tx, rcpId, settings) ?? before;
    writeAudit(tx, {
      userId: actorId,
      entity: "rcp",
      entityId: rcpId,
      action: "meeting-settings",
      before: { calendar: before.calendar, requiredSpecialties: before.requiredSpecialties },
      after: settings,
    });
    return after;
  });
}
