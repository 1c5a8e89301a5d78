// The fiche RCP of a signed version as a PDF (issue 11 §7): French by default, English with
// ?lang=en. Built by server/fiche/pdf.ts from the frozen version; its text is extractable.
import type { LoaderFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { requireRcp, requireUser } from "../auth.server";
import { ficheText } from "../i18n/fiche";
import { loadCase } from "../records.server";
import { fichePdf, signedDecisionVersionExists } from "../usecases.server";

const VersionSchema = z.coerce.number().int().positive();

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { case: c, patient } = loadCase(context, params.caseId);
  requireRcp(user, patient.rcpId);
  const version = VersionSchema.safeParse(params.version);
  if (!version.success || !signedDecisionVersionExists(context, c.id, version.data))
    throw new Response("Not found", { status: 404 });
  const locale = new URL(request.url).searchParams.get("lang") === "en" ? "en" : "fr";
  const pdf = await fichePdf(context, c.id, version.data, ficheText(locale));
  const name = `fiche-rcp-${patient.hospitalId}-v${version.data}-${locale}.pdf`.replace(
    /[^\w.-]/g,
    "_",
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
