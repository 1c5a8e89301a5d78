import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireBoard, requirePermission } from "../auth.server";
import { PatientForm } from "../components/PatientForm";
import { DuplicateHospitalIdError, updatePatient } from "../db.server";
import { badRequest } from "../forms.server";
import { patientToFormValues } from "../models/patient";
import { parsePatientForm } from "../patients.server";
import { loadPatient } from "../records.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "patient:write");
  const patient = loadPatient(context, params.patientId);
  requireBoard(user, patient.boardId);
  return json({ id: patient.id, values: patientToFormValues(patient) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "patient:write");
  const patient = loadPatient(context, params.patientId);
  requireBoard(user, patient.boardId);
  const parsed = await parsePatientForm(request, context, user, patient.boardId);
  if (!parsed.ok) return parsed.response;
  try {
    updatePatient(context.db, user.id, patient.id, parsed.data, context.now().toISOString());
  } catch (e) {
    if (e instanceof DuplicateHospitalIdError)
      return badRequest(
        request,
        [{ field: "hospitalId", code: "errors.duplicate_hospital_id" }],
        parsed.values,
      );
    throw e;
  }
  return redirect(`/patients/${patient.id}`);
}

export default function EditPatient() {
  const { id, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to={`/patients/${id}`}>← {t("common.back")}</Link>
      </p>
      <h1>{t("patient.editTitle")}</h1>
      <PatientForm
        values={result?.values ?? values}
        errors={result?.errors}
        submitLabel={t("common.save")}
      />
    </>
  );
}
