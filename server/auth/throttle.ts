// Failed sign-ins counted per client address and per account, in fixed 15-minute windows, in
// memory (one process: docs/architecture.md). The count sits at the sign-in use case, not on a
// URL, so no spelling of the path (`/%6Cogin`, `/LOGIN/`…) escapes it (decision 060).

export const SIGN_IN_WINDOW_MS = 15 * 60_000;

export interface SignInLimits {
  /** Failures per client address per window (LOGIN_MAX_FAILURES). */
  perAddress: number;
  /** Failures per account e-mail per window, whatever the address (LOGIN_MAX_FAILURES_PER_ACCOUNT). */
  perAccount: number;
}

interface Window {
  failures: number;
  endsAt: number;
}

/** Beyond this many keys, expired windows are swept before adding one (bounded memory). */
const SWEEP_ABOVE = 10_000;

export class SignInThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(readonly limits: SignInLimits) {}

  /** Milliseconds until the address or the account may try again; 0 when a try is allowed. */
  waitMs(address: string, email: string, nowMs: number): number {
    return Math.max(
      this.wait(`ip:${address}`, this.limits.perAddress, nowMs),
      this.wait(`account:${email.toLowerCase()}`, this.limits.perAccount, nowMs),
    );
  }

  /**
   * Counts a try as a failure before the password is checked, so that parallel guesses cannot all
   * pass the check while the (slow) hash runs; `forgive` takes it back when the password was right.
   */
  recordFailure(address: string, email: string, nowMs: number): void {
    this.bump(`ip:${address}`, nowMs, 1);
    this.bump(`account:${email.toLowerCase()}`, nowMs, 1);
  }

  forgive(address: string, email: string, nowMs: number): void {
    this.bump(`ip:${address}`, nowMs, -1);
    this.bump(`account:${email.toLowerCase()}`, nowMs, -1);
  }

  private wait(key: string, limit: number, nowMs: number): number {
    const w = this.windows.get(key);
    if (!w || w.endsAt <= nowMs || w.failures < limit) return 0;
    return w.endsAt - nowMs;
  }

  private bump(key: string, nowMs: number, by: 1 | -1): void {
    const w = this.windows.get(key);
    if (w && w.endsAt > nowMs) {
      w.failures = Math.max(0, w.failures + by);
      return;
    }
    if (by < 0) return;
    if (this.windows.size >= SWEEP_ABOVE) this.sweep(nowMs);
    this.windows.set(key, { failures: 1, endsAt: nowMs + SIGN_IN_WINDOW_MS });
  }

  private sweep(nowMs: number): void {
    for (const [key, w] of this.windows) if (w.endsAt <= nowMs) this.windows.delete(key);
  }
}
