// GET /patients/:id/fe-jobs/:jobId — one FE analysis as JSON: status, stage, percent, result or
// error. The browser polls it while the job runs (decision 085: polling, not push).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireRcp, requireUser } from "../auth.server";
import { loadFeJob, loadPatient } from "../records.server";
import { feJobView } from "../usecases.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const job = loadFeJob(context, patient.id, params.jobId);
  return json({ feJob: feJobView(job) }, { headers: { "Cache-Control": "no-store" } });
}
