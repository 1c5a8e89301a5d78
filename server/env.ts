// The process environment is a boundary too: parsed once with zod, with defaults that make
// `npm start` work with nothing set (issue 2: no .env file, no manual step).
import { z } from "zod";
import { isTimeZone } from "../app/domain/dates";

/** Exported so a test can check README's configuration table names every variable. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  /** Loopback by default: serving the network is a choice (HOST=0.0.0.0), not an accident. */
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("data/osteoboard.db"),
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  /** Failed sign-ins allowed per client address per 15 minutes. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  /** Failed sign-ins allowed per account (e-mail) per 15 minutes, whatever the address. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(20),
  /**
   * The Host header values served (DNS rebinding): comma-separated host or host:port; a host
   * without a port accepts any port; `*` accepts any Host (when a proxy in front checks it).
   */
  ALLOWED_HOSTS: z
    .string()
    .default("localhost,127.0.0.1,[::1]")
    .transform((s) => s.split(",").map((h) => h.trim().toLowerCase()))
    .pipe(
      z
        .array(
          z.string().regex(/^(\*|(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?)$/, {
            message:
              "expected host or host:port, comma-separated (e.g. board.example.org,localhost)",
          }),
        )
        .min(1),
    ),
  /** Largest request body read, in bytes (larger: 413). Uploads will get their own limit. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  /**
   * Largest CT upload (POST /patients/:id/ct, streamed to disk; larger: 413). A 512 × 512 CT of
   * 2000 slices is about 1 GB uncompressed.
   */
  CT_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(4 * 1024 * 1024 * 1024)
    .default(1024 * 1024 * 1024),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Set when served behind HTTPS so the session cookie is Secure. */
  COOKIE_SECURE: z.enum(["true", "false"]).default("false"),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  /**
   * Runs the queued FE analyses in this process (server/fe/jobRunner.ts, decision 085). The test
   * servers start with it off, except the tests of the runner.
   */
  FE_JOB_RUNNER: z.enum(["on", "off"]).default("on"),
  /** FE analyses run at once; each solve already uses up to 2 worker threads (docs/fe.md). */
  FE_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
  /** The clinic's time zone (IANA name): what "today" means for dates typed by users. */
  CLINIC_TIME_ZONE: z
    .string()
    .refine(isTimeZone, { message: "expected an IANA time zone such as Europe/Paris" })
    .default("Europe/Paris"),
});
export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
