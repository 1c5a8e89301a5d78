import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, requireRcp } from "../auth.server";
import { CaseForm } from "../components/CaseForm";
import { makeCaseInputSchema } from "../domain/records/case";
import { patientDisplayName } from "../domain/records/patient";
import { withFlash } from "../flash.server";
import { attempt, formObject, parseOr400 } from "../forms.server";
import { loadPatient } from "../records.server";
import { createCase, todayOf } from "../usecases.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "case:write");
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  return json({
    patient: { id: patient.id, name: patientDisplayName(patient) },
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "case:write");
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const values = await formObject(request);
  const parsed = parseOr400(
    request,
    makeCaseInputSchema(todayOf(context), { answerRequired: true }),
    values,
    values,
  );
  if (!parsed.ok) return parsed.response;
  const done = await attempt(request, values, () =>
    createCase(context, user.id, patient.id, parsed.data),
  );
  return done.ok ? withFlash(redirect(`/cases/${done.value.id}`), "caseCreated") : done.response;
}

export default function NewCase() {
  const { patient } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
      </p>
      <h1>
        {t("case.new")} — {patient.name}
      </h1>
      <CaseForm
        values={result?.values ?? {}}
        errors={result?.errors}
        submitLabel={t("common.create")}
      />
    </>
  );
}
