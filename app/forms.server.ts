// Turning a request into a typed value or a 400 that names each wrong field and why.
import { json } from "@remix-run/node";
import type { z } from "zod";
import { describeFieldErrors, localeFromCookieHeader, makeI18n } from "./i18n";
import { type FieldError, fieldErrors } from "./domain/records/fields";

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

export function badRequest(request: Request, errors: FieldError[], values: Record<string, string>) {
  const i18n = makeI18n(localeFromCookieHeader(request.headers.get("Cookie")));
  const body: ActionErrors = { ok: false, errors: describeFieldErrors(i18n, errors), values };
  return json(body, { status: 400 });
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

export const todayOf = (now: Date) => now.toISOString().slice(0, 10);
