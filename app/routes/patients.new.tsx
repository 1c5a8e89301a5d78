import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, visibleBoards } from "../auth.server";
import { PatientForm } from "../components/PatientForm";
import { createPatient, DuplicateHospitalIdError, listBoards } from "../db.server";
import { badRequest } from "../forms.server";
import { parsePatientForm } from "../patients.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "patient:write");
  return json({
    boards: listBoards(context.db, visibleBoards(user)).map((b) => ({ id: b.id, name: b.name })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "patient:write");
  const parsed = await parsePatientForm(request, context, user);
  if (!parsed.ok) return parsed.response;
  try {
    const patient = createPatient(context.db, user.id, parsed.boardId, parsed.data);
    return redirect(`/patients/${patient.id}`);
  } catch (e) {
    if (e instanceof DuplicateHospitalIdError)
      return badRequest(
        request,
        [{ field: "hospitalId", code: "errors.duplicate_hospital_id" }],
        parsed.values,
      );
    throw e;
  }
}

export default function NewPatient() {
  const { boards } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to="/patients">← {t("patient.listTitle")}</Link>
      </p>
      <h1>{t("patient.new")}</h1>
      <PatientForm
        values={result?.values ?? { survivalBand: "unknown", systemicTreatment: "none" }}
        errors={result?.errors}
        boards={boards}
        submitLabel={t("common.create")}
      />
    </>
  );
}
