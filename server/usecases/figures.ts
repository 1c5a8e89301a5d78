// The centre's own figures (issue 12 §6, decision 109): read-only, so no transaction of changes
// and no audit row; the rows come from db/figures.ts, the arithmetic from the kernel.
import { centreFigures, type Figure, type FiguresFilter } from "../../app/domain/analytics";
import { dayIn } from "../../app/domain/dates";
import {
  figureDecisions,
  figurePatients,
  figurePlanItems,
  figureSkeletalEvents,
} from "../../db/figures";
import { createWriteCache } from "./cache";
import { type AppContext, todayOf } from "./context";

export interface CentreFigures {
  today: string;
  figures: Figure[];
}

const figuresCache = createWriteCache<CentreFigures>();

/**
 * Computed once per filter, RCP set and day, then served until the next write to the database
 * (decision 118): never older than the data.
 */
export function readCentreFigures(
  ctx: AppContext,
  rcpIds: readonly number[] | null,
  filter: FiguresFilter,
): CentreFigures {
  const key = JSON.stringify([rcpIds, filter, todayOf(ctx), ctx.timeZone]);
  return figuresCache(ctx.sqlite, key, () => computeCentreFigures(ctx, rcpIds, filter));
}

function computeCentreFigures(
  ctx: AppContext,
  rcpIds: readonly number[] | null,
  filter: FiguresFilter,
): CentreFigures {
  const scope = { rcpIds, cancer: filter.cancer };
  const today = todayOf(ctx);
  const clinicDay = dayIn(ctx.timeZone);
  const decisions = figureDecisions(ctx.db, scope).map((d) => ({
    caseId: d.caseId,
    // signed_at is an instant (UTC); the day it was signed is the clinic's (CLINIC_TIME_ZONE).
    signedDate: clinicDay(new Date(d.signedAt)),
    quorumMet: d.quorumMet,
  }));
  const input = {
    today,
    patients: figurePatients(ctx.db, scope),
    skeletalEvents: figureSkeletalEvents(ctx.db, scope),
    planItems: figurePlanItems(ctx.db, scope),
    decisions,
  };
  return { today, figures: centreFigures(input, filter) };
}
