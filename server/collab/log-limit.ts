// Bounded logging of what clients can cause at will (invalid frames, refused updates): a client
// that sends a thousand bad frames must not write a thousand log lines (issue 9, "log flooding").
// Fixed windows per process: at most `maxLines` lines per `windowMs`, then one summary line with
// the count left out when the window ends.

export interface LogLimit {
  maxLines: number;
  windowMs: number;
}

/** A log function that lets `limit.maxLines` lines through per window; `what` names them. */
export function rateLimitedLog(
  log: (message: string) => void,
  limit: LogLimit,
  what: string,
): (message: string) => void {
  let windowStart = Number.NEGATIVE_INFINITY;
  let lines = 0;
  let suppressed = 0;
  let summaryTimer: NodeJS.Timeout | null = null;

  function summarise(): void {
    if (summaryTimer) clearTimeout(summaryTimer);
    summaryTimer = null;
    if (suppressed === 0) return;
    log(`${suppressed} ${what} not logged in the last ${limit.windowMs / 1000} s`);
    suppressed = 0;
  }

  return (message) => {
    const now = Date.now();
    if (now - windowStart >= limit.windowMs) {
      summarise();
      windowStart = now;
      lines = 0;
    }
    if (lines < limit.maxLines) {
      lines++;
      log(message);
      return;
    }
    suppressed++;
    if (!summaryTimer) {
      summaryTimer = setTimeout(summarise, windowStart + limit.windowMs - now);
      summaryTimer.unref();
    }
  };
}
