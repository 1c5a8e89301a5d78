// Argon2id (OWASP's first choice for password storage) through @node-rs/argon2: a maintained
// Rust binding shipped prebuilt inside its npm package, so nothing downloads or compiles.
import { hash, verify } from "@node-rs/argon2";

// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// A real hash to verify against when the account does not exist, so that an unknown e-mail
// takes as long as a wrong password and does not reveal which accounts exist.
const DUMMY = hash("not-a-real-password", OPTIONS);

export async function verifyPassword(
  stored: string | undefined,
  password: string,
): Promise<boolean> {
  try {
    return await verify(stored ?? (await DUMMY), password);
  } catch {
    return false;
  }
}
