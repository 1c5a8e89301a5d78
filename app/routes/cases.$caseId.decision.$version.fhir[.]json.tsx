// A signed decision as a FHIR R4 Bundle (issue 11 §8): the JSON API route, and a download from the
// decision page (?download=1). Built by server/fiche/fhir.ts from the frozen version.
import type { LoaderFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { requireRcp, requireUser } from "../auth.server";
import { ficheText } from "../i18n/fiche";
import { loadCase } from "../records.server";
import { ficheFhirBundle, signedDecisionVersionExists } from "../usecases.server";

const VersionSchema = z.coerce.number().int().positive();

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { case: c, patient } = loadCase(context, params.caseId);
  requireRcp(user, patient.rcpId);
  const version = VersionSchema.safeParse(params.version);
  if (!version.success || !signedDecisionVersionExists(context, c.id, version.data))
    throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const locale = url.searchParams.get("lang") === "en" ? "en" : "fr";
  const bundle = ficheFhirBundle(context, c.id, version.data, ficheText(locale), url.origin);
  const headers: Record<string, string> = {
    "Content-Type": "application/fhir+json; charset=utf-8",
    "Cache-Control": "private, no-store",
  };
  if (url.searchParams.get("download") === "1")
    headers["Content-Disposition"] =
      `attachment; filename="decision-${c.id}-v${version.data}.fhir.json"`;
  return new Response(JSON.stringify(bundle, null, 2), { headers });
}
