// The patient timeline (issue 12 §5, decision 108): a patient's dated facts as lanes of items, one
// chart from the first fact to today. Pure: the server reads the facts, the component draws them.
// Positions are dates; the component maps them to pixels (@visx/scale). `minGapDays` (the label
// width in days at the chosen scale) stacks points of a lane on extra rows so labels never overlap.
import * as z from "zod";
import { ImagingModalitySchema, type LesionResponse, LesionResponseSchema } from "../board/schema";
import { addDays, compareIsoDates, IsoDateSchema, toEpochDay } from "../dates";
import { SKELETAL_EVENT_KINDS } from "../records/skeletalEvent";
import { type Side, SideSchema } from "../skeleton/catalogue";

export const BtaFactSchema = z.object({
  kind: z.enum(["initiate", "dose_given", "pause", "resume", "switch", "stop"]),
  date: IsoDateSchema,
  agent: z.enum(["zoledronicAcid", "denosumab"]).nullable(),
});

/**
 * One imaging assessment of one lesion of the patient's stored board (decision 129), with the
 * lesion's board number and site so the chart names it as the board does.
 */
export const LesionAssessmentFactSchema = z.object({
  lesionId: z.string().min(1),
  /** The lesion's number on the board (board order, app/domain/board/order.ts). */
  number: z.number().int().positive(),
  siteId: z.string().min(1),
  side: SideSchema,
  date: IsoDateSchema,
  modality: ImagingModalitySchema,
  response: LesionResponseSchema,
});
export type LesionAssessmentFact = z.infer<typeof LesionAssessmentFactSchema>;

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
  /** Each lesion's imaging assessments with their response, from the stored board. */
  lesionAssessments: z.array(LesionAssessmentFactSchema).default([]),
});
export type TimelineFacts = z.infer<typeof TimelineFactsSchema>;
/** What a caller hands in: the lesion assessments may be left out (none on the board). */
export type TimelineFactsInput = z.input<typeof TimelineFactsSchema>;

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
  | "imaging"
  | ResponseMarker;

/** One marker per response of the board's vocabulary (LESION_RESPONSE_LABELS). */
export type ResponseMarker =
  | "responseNew"
  | "responseProgression"
  | "responseStable"
  | "responsePartial"
  | "responseComplete"
  | "responseSclerotic";

export const RESPONSE_MARKERS: Record<LesionResponse, ResponseMarker> = {
  new: "responseNew",
  progression: "responseProgression",
  stable: "responseStable",
  partialResponse: "responsePartial",
  completeResponse: "responseComplete",
  scleroticCondensation: "responseSclerotic",
};

/**
 * The room screen shows about eight lesion rows legibly (decision 129): beyond eight lesions,
 * the first seven keep their row and the others share an eighth, named "+N".
 */
export const MAX_LESION_ROWS = 8;

/** A sub-row of the imaging lane: one lesion, or the lesions grouped past MAX_LESION_ROWS. */
export type LesionRow =
  | { row: number; kind: "lesion"; lesionId: string; number: number; siteId: string; side: Side }
  | { row: number; kind: "more"; count: number };

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
  /** The imaging lane's lesion sub-rows, after its rows of case imaging; empty elsewhere. */
  lesionRows: LesionRow[];
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

/**
 * The lesion sub-rows of the imaging lane, from row `firstRow` on: one per assessed lesion in
 * board order, up to MAX_LESION_ROWS; past it the last row groups the rest ("+N"). Response
 * markers carry no label (the row names the lesion, the shape the response, the tooltip all),
 * so a lesion's assessments share its row like doses do.
 */
export function lesionRows(
  facts: readonly LesionAssessmentFact[],
  firstRow: number,
): { rows: LesionRow[]; items: TimelinePoint[] } {
  const lesions = [...new Map(facts.map((a) => [a.lesionId, a])).values()].sort(
    (a, b) => a.number - b.number || a.lesionId.localeCompare(b.lesionId),
  );
  const own = lesions.length > MAX_LESION_ROWS ? MAX_LESION_ROWS - 1 : lesions.length;
  const rowOf = new Map(lesions.map((l, i) => [l.lesionId, firstRow + Math.min(i, own)]));
  const rows: LesionRow[] = lesions.slice(0, own).map((l, i) => ({
    row: firstRow + i,
    kind: "lesion",
    lesionId: l.lesionId,
    number: l.number,
    siteId: l.siteId,
    side: l.side,
  }));
  if (lesions.length > own)
    rows.push({ row: firstRow + own, kind: "more", count: lesions.length - own });
  const items = [...facts]
    .sort((a, b) => a.number - b.number || compareIsoDates(a.date, b.date))
    .map(
      (a): TimelinePoint => ({
        type: "point",
        date: a.date,
        marker: RESPONSE_MARKERS[a.response],
        label: {
          key: "response",
          values: {
            lesion: a.number,
            siteId: a.siteId,
            side: a.side,
            modality: a.modality,
            response: a.response,
          },
        },
        row: rowOf.get(a.lesionId) ?? firstRow,
      }),
    );
  return { rows, items };
}

/** The chart of a patient: lanes in a fixed order, from the first fact (or today) to today. */
export function timelineLayout(input: TimelineFactsInput, minGapDays: number): TimelineLayout {
  const f = TimelineFactsSchema.parse(input);
  const periods = btaPeriods(f.bta, f.today);
  const byLane = points(f);
  const lanes: TimelineLane[] = LANES.map((id) => {
    if (id === "bta") return { id, rows: 1, lesionRows: [], items: periods };
    // Doses carry no label (a 4-weekly sequence over years would stack into many rows; each
    // dose's date is in its tooltip): they share one row.
    const items = stackPoints(byLane[id], id === "doses" ? 0 : minGapDays);
    const rows = Math.max(1, ...items.map((i) => i.row + 1));
    if (id !== "imaging") return { id, rows, lesionRows: [], items };
    // The cases' imaging dates first, then one sub-row per assessed lesion (decision 129).
    const sub = lesionRows(f.lesionAssessments, rows);
    return {
      id,
      rows: rows + sub.rows.length,
      lesionRows: sub.rows,
      items: [...items, ...sub.items],
    };
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
