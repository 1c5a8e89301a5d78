// GET /patients/:id/ct/:ctSeriesId/slice?axis=axial|coronal|sagittal&index=N — one slice of an
// imported CT series as a PNG in the bone window (issue 13 §3, decision 088), for the slice views of
// the FE analysis form. A resource route: 400 naming the query parameter when it is malformed or
// beyond the series, 404 for a patient outside the user's RCPs or a series of another patient.
import type { LoaderFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { requireRcp, requireUser } from "../auth.server";
import { CT_SLICE_AXES } from "../domain/fe/sliceViews";
import { fieldErrors } from "../domain/records/fields";
import { attempt, badRequest } from "../forms.server";
import { loadPatient } from "../records.server";
import { ctSliceImage } from "../usecases.server";

const SliceQuery = z.object({
  ctSeriesId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  axis: z.enum(CT_SLICE_AXES),
  // 2000 slices: the largest series the import accepts (docs/fe-pipeline.md, 512 × 512 × 2000).
  index: z.coerce.number().int().min(0).max(1999),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const url = new URL(request.url);
  const parsed = SliceQuery.safeParse({
    ctSeriesId: params.ctSeriesId,
    axis: url.searchParams.get("axis") ?? undefined,
    index: url.searchParams.get("index") ?? undefined,
  });
  if (!parsed.success) return badRequest(request, fieldErrors(parsed.error), {});
  const { ctSeriesId, axis, index } = parsed.data;
  const cut = await attempt(request, {}, () =>
    ctSliceImage(context, patient.id, ctSeriesId, axis, index),
  );
  if (!cut.ok) return cut.response;
  // No Cache-Control here: server/app.ts answers every Remix response with "no-store", and a CT
  // image is patient data (decision 088). The use case keeps the last volume read in memory, so
  // moving a slider costs one slice cut, not a volume read.
  return new Response(new Uint8Array(cut.value), {
    status: 200,
    headers: { "Content-Type": "image/png", "X-Content-Type-Options": "nosniff" },
  });
}
