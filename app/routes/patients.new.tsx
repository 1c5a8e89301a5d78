import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, visibleRcps } from "../auth.server";
import { PatientForm } from "../components/PatientForm";
import { withFlash } from "../flash.server";
import { parsePatientForm, writePatientThenRedirect } from "../patients.server";
import { createPatient, listVisibleRcps } from "../usecases.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "patient:write");
  return json({
    rcps: listVisibleRcps(context, visibleRcps(user)).map((b) => ({
      id: b.id,
      name: b.name,
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "patient:write");
  const parsed = await parsePatientForm(request, context, user);
  if (!parsed.ok) return parsed.response;
  const response = await writePatientThenRedirect(request, parsed.values, () =>
    createPatient(context, user.id, parsed.rcpId, parsed.data),
  );
  return withFlash(response, "patientCreated");
}

export default function NewPatient() {
  const { rcps } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to="/patients">← {t("patient.listTitle")}</Link>
      </p>
      <h1>{t("patient.new")}</h1>
      <PatientForm
        values={result?.values ?? { survivalBand: "unknown" }}
        errors={result?.errors}
        rcps={rcps}
        submitLabel={t("common.create")}
      />
    </>
  );
}
