// Tunables of the collaboration server, parsed from the environment with zod like server/env.ts
// (kept here so the collab server owns its settings). Defaults suit a meeting of 5–30 people.
import { z } from "zod";
import type { LogLimit } from "./log-limit";

const CollabEnvSchema = z.object({
  /** A room with no connection is kept this long (quick reconnects), then compacted and freed. */
  COLLAB_ROOM_IDLE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Write a snapshot after this many appended updates... */
  COLLAB_COMPACT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(500),
  /** ...or when the oldest un-snapshotted update is this old. */
  COLLAB_COMPACT_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  /** Store hooks (the projection into board_lesions): debounce and maximum delay after an edit. */
  COLLAB_PROJECTION_DEBOUNCE_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  COLLAB_PROJECTION_MAX_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  /** Open connections re-check their session and access this often (sign-out, role change). */
  COLLAB_REAUTH_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  /** Largest accepted WebSocket frame; a bigger one closes that connection (1009). */
  COLLAB_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1 << 20),
});

export interface CollabOptions {
  roomIdleMs: number;
  compactEvery: number;
  compactIntervalMs: number;
  /** The room's store hooks run this long after the last change... */
  storeDebounceMs: number;
  /** ...and at most this long after the first un-stored change. */
  storeMaxWaitMs: number;
  maxFrameBytes: number;
  /**
   * Keep-alive: a connection that does not answer a ping within this period is dropped. Also the
   * period of the "interval" store (time-based compaction).
   */
  pingIntervalMs: number;
  /** Period of the session and access re-check of open connections. */
  reauthMs: number;
  /** A connection whose unsent data exceeds this is too slow to follow the meeting: closed. */
  maxBufferedBytes: number;
  /** Log sink; messages carry ids only (never names or clinical text). */
  log: (message: string) => void;
  /**
   * Lines about invalid frames (malformed, refused top-level types) per window, for the whole
   * process; the rest is counted in one summary line (log-limit.ts).
   */
  invalidFrameLog: LogLimit;
}

export function collabOptionsFromEnv(env: Record<string, string | undefined>): CollabOptions {
  const parsed = CollabEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid collaboration settings:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    roomIdleMs: e.COLLAB_ROOM_IDLE_MS,
    compactEvery: e.COLLAB_COMPACT_EVERY,
    compactIntervalMs: e.COLLAB_COMPACT_INTERVAL_MS,
    storeDebounceMs: e.COLLAB_PROJECTION_DEBOUNCE_MS,
    storeMaxWaitMs: e.COLLAB_PROJECTION_MAX_WAIT_MS,
    maxFrameBytes: e.COLLAB_MAX_FRAME_BYTES,
    pingIntervalMs: 30_000,
    reauthMs: e.COLLAB_REAUTH_MS,
    maxBufferedBytes: 16 * 1024 * 1024,
    log: (message) => console.log(`collab: ${message}`),
    invalidFrameLog: { maxLines: 20, windowMs: 60_000 },
  };
}

export const DEFAULT_COLLAB_OPTIONS: CollabOptions = collabOptionsFromEnv({});
