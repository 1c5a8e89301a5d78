import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "./index";
import { appSecrets } from "./schema";

/** Returns the named secret, generating and storing it on first use (no .env file needed). */
export function ensureSecret(db: Db, key: string): string {
  const found = db.select().from(appSecrets).where(eq(appSecrets.key, key)).get();
  if (found) return found.value;
  const value = randomBytes(32).toString("base64url");
  db.insert(appSecrets).values({ key, value }).onConflictDoNothing().run();
  const stored = db.select().from(appSecrets).where(eq(appSecrets.key, key)).get();
  if (!stored) throw new Error(`secret ${key} could not be stored`);
  return stored.value;
}
