// The meeting's live state (issue 11 §4, meeting mode): which case the room is on, since when, and
// how long each case has taken so far. Pure: the caller passes the clock (STYLE.md). The state
// lives in the meeting's Yjs document (docs/collab.md, "The meeting room"; decision 112), written
// by the chair's or a coordinator's page and followed by everyone else's.
import * as z from "zod";

/** The root type of the meeting's Yjs document: a Y.Map with the two keys below, nothing else. */
export const MEETING_LIVE_ROOT = "meeting";
/** Key of the live state ({ currentCaseId, since, spentMs }), one JSON value: set atomically. */
export const MEETING_LIVE_KEY = "live";
/** Key of the attendance revision the chair's page bumps after changing attendance. */
export const ATTENDANCE_REV_KEY = "attendanceRev";

export interface MeetingLiveState {
  /** The case on screen; null before the first case and after the last. */
  currentCaseId: number | null;
  /** Epoch ms when the current case came on screen; null when there is none. */
  since: number | null;
  /** Time already spent per case (decimal case id → ms), not counting the running stretch. */
  spentMs: Readonly<Record<string, number>>;
}

export const INITIAL_MEETING_LIVE: MeetingLiveState = {
  currentCaseId: null,
  since: null,
  spentMs: {},
};

const CaseId = z.number().int().positive().safe();
const EpochMs = z.number().int().nonnegative().safe();
/** A case id as a JSON object key: the decimal spelling of a positive integer, no leading zero. */
const CaseIdKey = z.string().regex(/^[1-9][0-9]{0,15}$/);
/**
 * Timers kept per meeting. A weekly RCP-OOS discusses tens of cases; the bound only stops a script
 * from growing the document (stored whole on every change) without limit.
 */
export const MAX_TIMED_CASES = 500;

export const MeetingLiveStateSchema = z
  .object({
    currentCaseId: CaseId.nullable(),
    since: EpochMs.nullable(),
    spentMs: z.record(CaseIdKey, EpochMs).refine((m) => Object.keys(m).length <= MAX_TIMED_CASES, {
      message: `at most ${MAX_TIMED_CASES} timed cases`,
    }),
  })
  .strict()
  .refine((s) => (s.currentCaseId === null) === (s.since === null), {
    message: "since is set exactly when a case is current",
    path: ["since"],
  });

export const AttendanceRevSchema = z.number().int().nonnegative().safe();

/** The whole meeting document as JSON (`doc.getMap(MEETING_LIVE_ROOT).toJSON()`), strictly. */
export const MeetingDocSchema = z
  .object({
    [MEETING_LIVE_KEY]: MeetingLiveStateSchema.optional(),
    [ATTENDANCE_REV_KEY]: AttendanceRevSchema.optional(),
  })
  .strict();

export interface MeetingDoc {
  live: MeetingLiveState;
  attendanceRev: number;
}

/**
 * Reading for display: lenient, a value a writer got wrong falls back to its empty value field by
 * field (a bad timer map never hides the current case), so readers never break.
 */
export function readMeetingDoc(json: unknown): MeetingDoc {
  const root = z.record(z.string(), z.unknown()).safeParse(json);
  const value = root.success ? root.data : {};
  const whole = MeetingLiveStateSchema.safeParse(value[MEETING_LIVE_KEY]);
  const rev = AttendanceRevSchema.safeParse(value[ATTENDANCE_REV_KEY]);
  return {
    live: whole.success ? whole.data : lenientLive(value[MEETING_LIVE_KEY]),
    attendanceRev: rev.success ? rev.data : 0,
  };
}

function lenientLive(raw: unknown): MeetingLiveState {
  const obj = z.record(z.string(), z.unknown()).safeParse(raw);
  if (!obj.success) return INITIAL_MEETING_LIVE;
  const current = CaseId.safeParse(obj.data.currentCaseId);
  const since = EpochMs.safeParse(obj.data.since);
  const spent = z.record(z.string(), z.unknown()).safeParse(obj.data.spentMs);
  const spentMs: Record<string, number> = {};
  for (const [key, ms] of Object.entries(spent.success ? spent.data : {})) {
    const parsed = EpochMs.safeParse(ms);
    if (CaseIdKey.safeParse(key).success && parsed.success) spentMs[key] = parsed.data;
  }
  // A current case without a start time cannot be timed: shown, its running stretch counted 0.
  if (!current.success) return { currentCaseId: null, since: null, spentMs };
  return { currentCaseId: current.data, since: since.success ? since.data : null, spentMs };
}

/** The running stretch of the current case; a clock behind `since` (another device) counts 0. */
function running(state: MeetingLiveState, nowMs: number): number {
  return state.since === null ? 0 : Math.max(0, nowMs - state.since);
}

/**
 * Moves the meeting to `caseId` (null: no case on screen, e.g. a break or the end): the time since
 * `since` is added to the previous case. Going to the case already current changes nothing.
 */
export function goTo(
  state: MeetingLiveState,
  caseId: number | null,
  nowMs: number,
): MeetingLiveState {
  if (caseId === state.currentCaseId) return state;
  const spentMs = { ...state.spentMs };
  if (state.currentCaseId !== null) {
    const key = String(state.currentCaseId);
    spentMs[key] = (spentMs[key] ?? 0) + running(state, nowMs);
  }
  return { currentCaseId: caseId, since: caseId === null ? null : nowMs, spentMs };
}

/** Time spent on one case so far, the running stretch included when it is on screen. */
export function elapsedFor(state: MeetingLiveState, caseId: number, nowMs: number): number {
  const spent = state.spentMs[String(caseId)] ?? 0;
  return caseId === state.currentCaseId ? spent + running(state, nowMs) : spent;
}

/** Time spent on all cases so far (the meeting's total on the agenda). */
export function totalElapsed(state: MeetingLiveState, nowMs: number): number {
  let total = 0;
  for (const ms of Object.values(state.spentMs)) total += ms;
  return total + (state.currentCaseId === null ? 0 : running(state, nowMs));
}
