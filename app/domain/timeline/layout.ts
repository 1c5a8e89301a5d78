// The patient timeline (issue 12 §5, decision 108): a patient's dated facts as lanes of items, one
// chart from the first fact to today. Pure: the server reads the facts, the component draws them.
// Positions are dates; the component maps them to pixels (@visx/scale). `minGapDays` (the label
// width in days at the chosen scale) stacks points of a lane on extra rows so labels never overlap.
import * as z from "zod";
import { addDays, compareIsoDates, IsoDateSchema, toEpochDay } from "../dates";
import { SKELETAL_EVENT_KINDS } from "../records/skeletalEvent";

export const BtaFactSchema = z.object({
  kind: z.enum(["initiate", "dose_given", "pause", "resume", "switch", "stop"]),
  date: IsoDateSchema,
  agent: z.enum(["zoledronicAcid", "denosumab"]).nullable(),
});

export const TimelineFactsSchema = z.object({
  today: IsoDateSchema,
  /** BTA events in replay order (date, then recording order). */
  bta: z.array(BtaFactSchema),
  planItems: z.array(
    z.object({
      id: z.number().int(),
      action: z.string().min(1),
      lesionId: z.string(),
      state: z.enum(["planned", "scheduled", "done", "cancelled"]),
      targetDate: IsoDateSchema.nullable(),
      scheduledDate: IsoDateSchema.nullable(),
      doneDate: IsoDateSchema.nullable(),
    }),
  ),
  skeletal: z.array(
    z.object({
      id: z.number().int(),
      kind: z.enum(SKELETAL_EVENT_KINDS),
      date: IsoDateSchema,
      planned: z.boolean(),
      lesionId: z.string().nullable(),
    }),
  ),
  /** Meetings where one of the patient's cases was on the agenda. */
  meetings: z.array(z.object({ id: z.number().int(), date: IsoDateSchema })),
  /** Signed decision versions, dated by their meeting (decidedOn). */
  decisions: z.array(
    z.object({
      caseId: z.number().int(),
      version: z.number().int(),
      date: IsoDateSchema,
    }),
  ),
  /** The imaging each case was reviewed on (cases.imaging_date). */
  imaging: z.array(z.object({ caseId: z.number().int(), date: IsoDateSchema })),
});
export type TimelineFacts = z.infer<typeof TimelineFactsSchema>;

export const LANES = ["bta", "doses", "local", "skeletal", "meetings", "imaging"] as const;
export type LaneId = (typeof LANES)[number];

/** Marker shapes: the legend names each, so no meaning rests on colour alone (WCAG 1.4.1). */
export type Marker =
  | "dose"
  | "planItemOpen"
  | "planItemDone"
  | "planItemCancelled"
  | "skeletalPlanned"
  | "skeletalEmergency"
  | "meeting"
  | "decision"
  | "imaging";

export interface TimelinePeriod {
  type: "period";
  from: string;
  to: string;
  agent: "zoledronicAcid" | "denosumab";
  paused: boolean;
  /** Still running today (drawn to today, without an end mark). */
  open: boolean;
}

export interface TimelinePoint {
  type: "point";
  date: string;
  marker: Marker;
  /** What the label says, as an i18n key of `timeline.items` and its values. */
  label: { key: string; values: Record<string, string | number> };
  /** The row inside its lane (0 = first), so labels do not overlap. */
  row: number;
}

export interface TimelineLane {
  id: LaneId;
  rows: number;
  items: (TimelinePeriod | TimelinePoint)[];
}

export interface TimelineLayout {
  from: string;
  to: string;
  lanes: TimelineLane[];
  empty: boolean;
}

/** BTA periods by agent, pauses as their own periods (issue 12 §5: "pauses shown"). */
export function btaPeriods(events: TimelineFacts["bta"], today: string): TimelinePeriod[] {
  type Open = Omit<TimelinePeriod, "to" | "open">;
  const out: TimelinePeriod[] = [];
  const state: { current: Open | null } = { current: null };
  const close = (to: string): Open["agent"] | null => {
    const c = state.current;
    state.current = null;
    if (!c) return null;
    out.push({ ...c, to, open: false });
    return c.agent;
  };
  const open = (from: string, agent: Open["agent"] | null, paused: boolean) => {
    if (agent) state.current = { type: "period", from, agent, paused };
  };
  for (const e of events) {
    if (e.kind === "initiate" || e.kind === "switch") {
      close(e.date);
      open(e.date, e.agent, false);
    } else if (e.kind === "pause" || e.kind === "resume") {
      const agent = close(e.date) ?? e.agent;
      open(e.date, agent, e.kind === "pause");
    } else if (e.kind === "stop") close(e.date);
  }
  const last = state.current;
  if (last) out.push({ ...last, to: today, open: true });
  return out;
}

type Point = Omit<TimelinePoint, "row">;

function points(f: TimelineFacts): Record<Exclude<LaneId, "bta">, Point[]> {
  const doses: Point[] = f.bta.flatMap((e) =>
    e.kind === "dose_given" || e.kind === "initiate" || e.kind === "switch"
      ? [
          {
            type: "point" as const,
            date: e.date,
            marker: "dose" as const,
            label: { key: "dose", values: { agent: e.agent ?? "" } },
          },
        ]
      : [],
  );
  const local: Point[] = f.planItems.flatMap((i): Point[] => {
    // Done: the day it was done; otherwise the date it is booked for, else its target.
    const date = i.doneDate ?? i.scheduledDate ?? i.targetDate;
    if (!date) return [];
    const marker =
      i.state === "done"
        ? "planItemDone"
        : i.state === "cancelled"
          ? "planItemCancelled"
          : "planItemOpen";
    return [
      {
        type: "point",
        date,
        marker,
        label: { key: `planItem.${i.state}`, values: { action: i.action, lesion: i.lesionId } },
      },
    ];
  });
  const skeletal: Point[] = f.skeletal.map((s) => ({
    type: "point",
    date: s.date,
    marker: s.planned ? "skeletalPlanned" : "skeletalEmergency",
    label: { key: s.planned ? "skeletal.planned" : "skeletal.emergency", values: { kind: s.kind } },
  }));
  const meetings: Point[] = [
    ...f.meetings.map((m) => ({
      type: "point" as const,
      date: m.date,
      marker: "meeting" as const,
      label: { key: "meeting", values: {} },
    })),
    ...f.decisions.map((d) => ({
      type: "point" as const,
      date: d.date,
      marker: "decision" as const,
      label: { key: "decision", values: { version: d.version } },
    })),
  ];
  const imaging: Point[] = f.imaging.map((i) => ({
    type: "point",
    date: i.date,
    marker: "imaging",
    label: { key: "imaging", values: {} },
  }));
  return { doses, local, skeletal, meetings, imaging };
}

/**
 * Greedy rows: each point, in date order, goes on the first row whose last point is at least
 * `minGapDays` earlier; a lane is as tall as the rows it needs.
 */
export function stackPoints(items: readonly Point[], minGapDays: number): TimelinePoint[] {
  const lastOnRow: number[] = [];
  return [...items]
    .sort((a, b) => compareIsoDates(a.date, b.date))
    .map((p) => {
      const day = toEpochDay(p.date);
      let row = lastOnRow.findIndex((last) => day - last >= minGapDays);
      if (row === -1) row = lastOnRow.length;
      lastOnRow[row] = day;
      return { ...p, row };
    });
}

/** The chart of a patient: lanes in a fixed order, from the first fact (or today) to today. */
export function timelineLayout(input: TimelineFacts, minGapDays: number): TimelineLayout {
  const f = TimelineFactsSchema.parse(input);
  const periods = btaPeriods(f.bta, f.today);
  const byLane = points(f);
  const lanes: TimelineLane[] = LANES.map((id) => {
    if (id === "bta") return { id, rows: 1, items: periods };
    // Doses carry no label (a 4-weekly sequence over years would stack into many rows; each
    // dose's date is in its tooltip): they share one row.
    const items = stackPoints(byLane[id], id === "doses" ? 0 : minGapDays);
    return { id, rows: Math.max(1, ...items.map((i) => i.row + 1)), items };
  });
  const dates = lanes.flatMap((l) =>
    l.items.flatMap((i) => (i.type === "period" ? [i.from, i.to] : [i.date])),
  );
  const empty = dates.length === 0;
  const sorted = [...dates, f.today].sort(compareIsoDates);
  const first = sorted[0] ?? f.today;
  const last = sorted[sorted.length - 1] ?? f.today;
  // A fortnight either side, so a point on the first or last day is not cut by the axis.
  return { from: addDays(first, -14), to: addDays(last, 14), lanes, empty };
}
