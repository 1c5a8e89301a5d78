// The process environment is a boundary too: parsed once with zod, with defaults that make
// `npm start` work with nothing set (issue 2: no .env file, no manual step).
import { z } from "zod";
import { isTimeZone } from "../app/domain/dates";

/** Exported so a test can check README's configuration table names every variable. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  HOST: z.string().default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("data/osteoboard.db"),
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  /** Failed sign-ins allowed per client address per 15 minutes. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Set when served behind HTTPS so the session cookie is Secure. */
  COOKIE_SECURE: z.enum(["true", "false"]).default("false"),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
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
