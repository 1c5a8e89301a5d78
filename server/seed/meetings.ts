// Writes the demo meetings through the use cases (each with its audit row): planned at a date
// counted from the clinic's today, the chair named, the cases put on the agenda (a case not
// "prêt" goes on late, as a coordinator's would). Attendance is left for the chair to mark.
import { addDays } from "../../app/domain/dates";
import { type AppContext, todayOf } from "../usecases/context";
import { addCaseToAgenda, planMeeting, setChair } from "../usecases/meetings";
import type { DemoMeetings } from "./fixtures";
import { caseKey, idOf, type SeededRecords } from "./records";

export function writeMeetings(
  ctx: AppContext,
  fixtures: DemoMeetings,
  records: SeededRecords,
): number {
  const rcpId = idOf(records.rcpIds, fixtures.rcp);
  const today = todayOf(ctx);
  for (const m of fixtures.meetings) {
    const row = planMeeting(ctx, null, {
      rcpId,
      date: addDays(today, m.daysFromToday),
      time: m.time,
      place: m.place,
      videoLink: m.videoLink,
    });
    if (m.chair) setChair(ctx, null, row.id, idOf(records.userIds, m.chair));
    for (const c of m.agenda)
      addCaseToAgenda(ctx, null, row.id, idOf(records.caseIds, caseKey(c.hospitalId, c.caseIndex)));
  }
  return fixtures.meetings.length;
}
