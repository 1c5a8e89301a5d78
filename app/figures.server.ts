// The filter of /figures and /figures.csv read from the query string (one schema for both routes:
// app/domain/analytics/filter.ts), and the figures of what the user may see.
import type { FiguresFilter } from "./domain/analytics";
import { FiguresFilterSchema } from "./domain/analytics";
import { type FieldError, fieldErrors } from "./domain/records/fields";

export const FILTER_FIELDS = ["from", "to", "cancer"] as const;

export function filterValues(url: URL): Record<string, string> {
  const values: Record<string, string> = {};
  for (const k of FILTER_FIELDS) values[k] = url.searchParams.get(k) ?? "";
  return values;
}

export function parseFiguresFilter(
  url: URL,
): { ok: true; filter: FiguresFilter } | { ok: false; errors: FieldError[] } {
  const parsed = FiguresFilterSchema.safeParse(filterValues(url));
  return parsed.success
    ? { ok: true, filter: parsed.data }
    : { ok: false, errors: fieldErrors(parsed.error) };
}
