// /patients/:id/fe-jobs — the patient's FE analyses (issue 13 §6, decision 085). A resource
// route: GET lists them as JSON; POST queues one ({ctSeriesId, lesionId?, params} as JSON, or a
// form whose `params` field holds the JSON, or the patient page's run form, app/domain/fe/runForm.ts),
// 201 with the job, or 400 naming each refused field.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, requireRcp, requireUser } from "../auth.server";
import { FeRunFormSchema } from "../domain/fe/runForm";
import { attempt, badRequest, formObject, parseOr400 } from "../forms.server";
import { loadPatient } from "../records.server";
import { feJobsOfPatient, feJobView, queueFeAnalysis } from "../usecases.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  return json(
    { feJobs: feJobsOfPatient(context, patient.id).map(feJobView) },
    { headers: { "Cache-Control": "no-store" } },
  );
}

/** The request body as the use case's input: JSON, or a form with the parameters as JSON text. */
async function queueInput(
  request: Request,
): Promise<
  | { ok: true; input: unknown; values: Record<string, string> }
  | { ok: false; field: string }
  | { ok: false; response: Response }
> {
  if (request.headers.get("Content-Type")?.includes("application/json")) {
    try {
      return { ok: true, input: await request.json(), values: {} };
    } catch {
      return { ok: false, field: "_form" };
    }
  }
  const form = await formObject(request);
  if (form.params === undefined) {
    // The patient page's form: one field per parameter, errors per field in the user's language.
    const parsed = parseOr400(request, FeRunFormSchema, form, form);
    return parsed.ok ? { ok: true, input: parsed.data, values: form } : parsed;
  }
  try {
    return { ok: true, input: { ...form, params: JSON.parse(form.params) }, values: {} };
  } catch {
    return { ok: false, field: "params" };
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "case:write");
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const body = await queueInput(request);
  if (!body.ok && "response" in body) return body.response;
  if (!body.ok) return badRequest(request, [{ field: body.field, code: "errors.fe_params" }], {});
  const queued = await attempt(request, body.values, () =>
    queueFeAnalysis(context, user.id, patient.id, body.input),
  );
  if (!queued.ok) return queued.response;
  return json({ feJob: feJobView(queued.value) }, { status: 201 });
}
