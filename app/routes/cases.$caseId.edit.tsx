import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, requireRcp } from "../auth.server";
import { CaseForm } from "../components/CaseForm";
import { caseToFormValues, makeCaseInputSchema } from "../domain/records/case";
import { attempt, formObject, parseOr400 } from "../forms.server";
import { loadCase } from "../records.server";
import { todayOf, updateCase } from "../usecases.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "case:write");
  const { case: c, patient } = loadCase(context, params.caseId);
  requireRcp(user, patient.rcpId);
  return json({
    id: c.id,
    values: caseToFormValues(c),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "case:write");
  const { case: c, patient } = loadCase(context, params.caseId);
  requireRcp(user, patient.rcpId);
  const values = await formObject(request);
  const parsed = parseOr400(
    request,
    makeCaseInputSchema(todayOf(context), { answerRequired: c.btaInQuestion !== null }),
    values,
    values,
  );
  if (!parsed.ok) return parsed.response;
  const done = await attempt(request, values, () =>
    updateCase(context, user.id, c.id, parsed.data),
  );
  return done.ok ? redirect(`/cases/${c.id}`) : done.response;
}

export default function EditCase() {
  const { id, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to={`/cases/${id}`}>← {t("common.back")}</Link>
      </p>
      <h1>{t("case.editTitle")}</h1>
      <CaseForm
        values={result?.values ?? values}
        errors={result?.errors}
        submitLabel={t("common.save")}
      />
    </>
  );
}
