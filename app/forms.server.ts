// Turning a request into a typed value or a 400 that names each wrong field and why.
import { json } from "@remix-run/node";
import type * as z from "zod";
import { type FieldError, fieldErrors } from "./domain/records/fields";
import { describeFieldErrors, i18nFor, localeFromCookieHeader } from "./i18n";
import { Refusal } from "./usecases.server";

export async function formObject(request: Request): Promise<Record<string, string>> {
  const form = await request.formData();
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") out[k] = v;
  return out;
}

export type ActionErrors = {
  ok: false;
  errors: (FieldError & { message: string })[];
  values: Record<string, string>;
};

export function badRequest(
  request: Request,
  errors: FieldError[],
  values: Record<string, string>,
  status: 400 | 403 | 409 = 400,
) {
  const i18n = i18nFor(localeFromCookieHeader(request.headers.get("Cookie")));
  const body: ActionErrors = { ok: false, errors: describeFieldErrors(i18n, errors), values };
  return json(body, { status });
}

export function parseOr400<S extends z.ZodType>(
  request: Request,
  schema: S,
  input: unknown,
  values: Record<string, string>,
): { ok: true; data: z.infer<S> } | { ok: false; response: ReturnType<typeof badRequest> } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, response: badRequest(request, fieldErrors(parsed.error), values) };
}

const STATUS = { invalid: 400, conflict: 409, forbidden: 403 } as const;

/**
 * Runs a use case for an action: a Refusal becomes the response the user can act on (400 naming
 * the field, 404, 409); any other error is a bug and propagates.
 */
export async function attempt<T>(
  request: Request,
  values: Record<string, string>,
  run: () => T | Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof badRequest> }> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    if (e.kind === "not_found") throw json({ error: "not_found" }, { status: 404 });
    return {
      ok: false,
      response: badRequest(request, e.errors, values, STATUS[e.kind]),
    };
  }
}
