// The centre's figures as a CSV download (decision 109): same filter and same figures as /figures,
// French headers, ";" separator and decimal comma (what French Excel opens), UTF-8 with a BOM.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, visibleRcps } from "../auth.server";
import { figuresCsv } from "../domain/analytics";
import { filterValues, parseFiguresFilter } from "../figures.server";
import { badRequest } from "../forms.server";
import { fr } from "../i18n/fr";
import { readCentreFigures } from "../usecases.server";

const HEADERS = [
  fr.figures.figure,
  fr.figures.numerator,
  fr.figures.denominator,
  fr.figures.denominatorKind,
  fr.figures.value,
  fr.figures.unit,
] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const parsed = parseFiguresFilter(url);
  if (!parsed.ok) return badRequest(request, parsed.errors, filterValues(url));
  const { today, figures } = readCentreFigures(context, visibleRcps(user), parsed.filter);
  const csv = figuresCsv(figures, {
    headers: HEADERS,
    labelOf: (id) => fr.figures.items[id],
    unitOf: (unit) => fr.figures.units[unit],
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="chiffres-du-centre-${today}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
