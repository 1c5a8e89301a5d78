import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, requireRcp } from "../auth.server";
import { PatientForm } from "../components/PatientForm";
import { patientToFormValues } from "../domain/records/patient";
import { parsePatientForm, writePatientThenRedirect } from "../patients.server";
import { loadPatient } from "../records.server";
import { updatePatient } from "../usecases.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "patient:write");
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  return json({ id: patient.id, values: patientToFormValues(patient) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "patient:write");
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const parsed = await parsePatientForm(request, context, user, patient.rcpId);
  if (!parsed.ok) return parsed.response;
  return writePatientThenRedirect(request, parsed.values, () =>
    updatePatient(context, user.id, patient.id, parsed.data),
  );
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
