// POST /patients/:id/fe-jobs/:jobId/cancel — cancels a queued or running FE analysis (the runner
// sees it within FE progress interval and stops the solve; decision 085). A finished one is a 409.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requirePermission, requireRcp, requireUser } from "../auth.server";
import { attempt } from "../forms.server";
import { loadFeJob, loadPatient } from "../records.server";
import { cancelFeJob, feJobView } from "../usecases.server";

/** Nothing to show here: the job itself is at its own address. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const job = loadFeJob(context, patient.id, params.jobId);
  return redirect(`/patients/${patient.id}/fe-jobs/${job.id}`);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "case:write");
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const job = loadFeJob(context, patient.id, params.jobId);
  const cancelled = await attempt(request, {}, () =>
    cancelFeJob(context, user.id, patient.id, job.id),
  );
  if (!cancelled.ok) return cancelled.response;
  return json({ feJob: feJobView(cancelled.value) });
}
