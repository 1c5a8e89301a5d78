// POST /patients/:id/ct — import a CT (DICOM zip or files, or one NRRD) for this patient
// (issue 13 §1, decision 083). A resource route: the multipart body is streamed to disk under
// CT_UPLOAD_MAX_BYTES (server/app.ts lets it through unread), then read by the use case. The
// patient is the one in the URL, never one named in the file's header.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requirePermission, requireRcp, requireUser } from "../auth.server";
import { loadPatient } from "../records.server";
import { discardUpload, receiveUpload } from "../upload.server";
import { importCtSeries, Refusal } from "../usecases.server";

/** The CT scans are listed on the patient page. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  return redirect(`/patients/${patient.id}#ct`);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "case:write");
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const upload = await receiveUpload(request, context.ctUploadMaxBytes);
  try {
    const row = await importCtSeries(context, user.id, patient.id, upload.files);
    return json(
      {
        ctSeries: {
          id: row.id,
          seriesUid: row.seriesUid,
          size: row.size,
          spacing: row.spacing,
          sha256: row.sha256,
          acquisitionDate: row.acquisitionDate,
        },
      },
      { status: 201 },
    );
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    if (error.kind === "not_found") throw json({ error: "not_found" }, { status: 404 });
    const errors = error.errors.map((e) => ({
      field: e.field,
      fr: e.reason?.fr,
      en: e.reason?.en,
    }));
    return json({ errors }, { status: 400 });
  } finally {
    discardUpload(upload);
  }
}
