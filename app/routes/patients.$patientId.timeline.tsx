// A patient's timeline (issue 12 §5, decision 108): BTA periods and doses, local treatments,
// skeletal events, meetings and decisions, imaging, on one chart; exportable as SVG or PNG.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRcp, requireUser } from "../auth.server";
import { PatientTimeline } from "../components/PatientTimeline";
import { patientDisplayName } from "../domain/records/patient";
import { loadPatient } from "../records.server";
import { casesOf, patientTimelineFacts } from "../usecases.server";

export const meta: MetaFunction = () => [{ title: "OsteoBoard" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  return json({
    patient: { id: patient.id, name: patientDisplayName(patient), hospitalId: patient.hospitalId },
    latestCaseId: casesOf(context, patient.id)[0]?.id ?? null,
    facts: patientTimelineFacts(context, patient.id),
  });
}

export default function PatientTimelinePage() {
  const { patient, latestCaseId, facts } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p className="toolbar">
        <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
        {latestCaseId !== null ? (
          <Link to={`/cases/${latestCaseId}/board`}>{t("worklists.openBoard")}</Link>
        ) : null}
      </p>
      <h1>{t("timeline.heading", { name: patient.name })}</h1>
      <PatientTimeline facts={facts} fileName={`chronologie-${patient.hospitalId}`} />
    </>
  );
}
