// GET /patients/:id/fe-jobs/:jobId/strain/:axis — one strain image of a finished FE analysis
// (axis: axial, coronal or sagittal; issue 13 §6, decision 122) as PNG. The same rights as the CT
// slice route: the patient's RCP members only, 404 otherwise (and for a job of another patient or
// without images); 400 naming `axis` when it is not one of the three.
import type { LoaderFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { requireRcp, requireUser } from "../auth.server";
import { CT_SLICE_AXES } from "../domain/fe/sliceViews";
import { fieldErrors } from "../domain/records/fields";
import { attempt, badRequest } from "../forms.server";
import { loadPatient } from "../records.server";
import { feStrainImage } from "../usecases.server";

const StrainImageQuery = z.object({
  jobId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  axis: z.enum(CT_SLICE_AXES),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const parsed = StrainImageQuery.safeParse({ jobId: params.jobId, axis: params.axis });
  if (!parsed.success) return badRequest(request, fieldErrors(parsed.error), {});
  const { jobId, axis } = parsed.data;
  const image = await attempt(request, {}, () => feStrainImage(context, patient.id, jobId, axis));
  if (!image.ok) return image.response;
  return new Response(new Uint8Array(image.value), {
    status: 200,
    headers: {
      "Content-Type": "image/png",
      "X-Content-Type-Options": "nosniff",
      // Patient images on a shared hospital workstation: kept by no cache, as every page and the CT
      // slices are (server/app.ts), even though a finished job's images never change.
      "Cache-Control": "no-store",
    },
  });
}
