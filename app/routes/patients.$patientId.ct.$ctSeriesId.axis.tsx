// GET /patients/:id/ct/:ctSeriesId/axis?site=proximal-femur|vertebra[&region=x0,y0,z0,x1,y1,z1] —
// the analysis axis the FE pipeline proposes for a CT series (decision 127): JSON { axis } with its
// origin and unit direction in the CT's mm, for the slice views to draw. Read-only. The slice
// route's rights: 404 for a patient outside the user's RCPs or a series of another patient; 400
// naming `site`, `region` or `ctSeriesId` when malformed.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { requireRcp, requireUser } from "../auth.server";
import { RegionBoxSchema } from "../domain/fe/regionBox";
import { FE_SITES } from "../domain/fe/runForm";
import { fieldErrors } from "../domain/records/fields";
import { attempt, badRequest } from "../forms.server";
import { loadPatient } from "../records.server";
import { ctProposedAxis } from "../usecases.server";

/** The box as six comma-separated mm (min x, y, z then max x, y, z), as the form's fields. */
const RegionQuery = z
  .string()
  .transform((s) => s.split(",").map((v) => (v.trim() === "" ? Number.NaN : Number(v))))
  .pipe(z.array(z.number().finite()).length(6))
  .transform((v) => ({ min_mm: v.slice(0, 3), max_mm: v.slice(3) }))
  .pipe(RegionBoxSchema);

const AxisQuery = z.object({
  ctSeriesId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  site: z.enum(FE_SITES),
  region: RegionQuery.optional(),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const url = new URL(request.url);
  const parsed = AxisQuery.safeParse({
    ctSeriesId: params.ctSeriesId,
    site: url.searchParams.get("site") ?? undefined,
    region: url.searchParams.get("region") ?? undefined,
  });
  if (!parsed.success) return badRequest(request, fieldErrors(parsed.error), {});
  const { ctSeriesId, site, region } = parsed.data;
  const axis = await attempt(request, {}, () =>
    ctProposedAxis(context, patient.id, ctSeriesId, site, region),
  );
  if (!axis.ok) return axis.response;
  return json({ axis: axis.value });
}
