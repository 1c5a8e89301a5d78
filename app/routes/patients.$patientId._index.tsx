import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, requireRcp, requireUser } from "../auth.server";
import { BtaSection, type BtaSectionData } from "../components/BtaSection";
import { CancerLabel } from "../components/CancerLabel";
import { CaseTable } from "../components/CaseTable";
import { CtSeriesSection } from "../components/CtSeriesSection";
import { FeAnalysisSection, type FeJobItem } from "../components/FeAnalysisSection";
import { SkeletalEventsSection } from "../components/SkeletalEventsSection";
import { useDates } from "../components/useDates";
import type { StartCondition } from "../domain/bta/gates";
import { RegionBoxSchema, RegionCutSchema } from "../domain/fe/regionBox";
import { feJobFacts } from "../domain/fe/result";
import { makeBtaEventInputSchema } from "../domain/records/btaEvent";
import type { PrimaryCancer } from "../domain/records/cancer";
import { ageYears, patientDisplayName } from "../domain/records/patient";
import { can } from "../domain/records/permissions";
import { makeSkeletalEventInputSchema } from "../domain/records/skeletalEvent";
import { attempt, formObject, parseOr400 } from "../forms.server";
import { loadPatient } from "../records.server";
import {
  type BtaSequenceView,
  casesOf,
  ctSeriesOf,
  feJobsOfPatient,
  feJobView,
  feLesionChoices,
  findRcp,
  readBtaSequence,
  recordBtaEvent,
  recordSkeletalEvent,
  skeletalSectionOf,
  startConditionsOfVersions,
  todayOf,
} from "../usecases.server";

/** What the page shows of the sequence: the engine's state and follow-up, the events. */
function btaSectionOf(
  view: BtaSequenceView,
  conditionsOf: Map<number, StartCondition[]>,
): BtaSectionData {
  const s = view.state;
  const dose = view.followUp.zoledronicDose;
  return {
    status: s.status,
    agent: s.status === "none" ? null : s.regimen.agent,
    nextDoseDate: view.followUp.nextDoseDate,
    reassessment: view.followUp.reassessment,
    zoledronicDose: dose ? { dose_mg: dose.dose_mg, band: dose.band } : null,
    latestClearanceDate: view.latestClearance?.date ?? null,
    indication: { rationale: view.indication.rationale, source: view.indication.source },
    warnings: view.followUp.warnings,
    plannedActs: view.planned
      .filter((a) => a.state === "open")
      .map((a) => ({
        id: a.id,
        kind: a.kind,
        agent: a.agent,
        createdAt: a.createdAt,
        // The signed decision's start gates still to meet before the first dose (decision 119).
        conditions: conditionsOf.get(a.decisionVersionId) ?? [],
      })),
    events: view.events.map((e) => ({
      id: e.id,
      kind: e.kind,
      date: e.date,
      agent: e.agent,
      doseMg: e.doseMg,
      intervalWeeks: e.intervalWeeks,
      pauseReason: e.pauseReason,
      pauseReasonOther: e.pauseReasonOther,
    })),
  };
}

/**
 * The page's two forms: a BTA event, recorded by a physician (permission "bta:write"), and a
 * skeletal event (intent "skeletalEvent"), recorded by whoever writes cases, like plan items
 * (permission "case:write", decisions 102 and 105).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const values = await formObject(request);
  if (values.intent === "skeletalEvent") return recordSkeletal(request, context, params, values);
  const user = await requirePermission(request, context, "bta:write");
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const parsed = parseOr400(request, makeBtaEventInputSchema(todayOf(context)), values, values);
  if (!parsed.ok) return parsed.response;
  const result = await attempt(request, values, () =>
    recordBtaEvent(context, user.id, patient.id, parsed.data),
  );
  if (!result.ok) return result.response;
  return redirect(`/patients/${patient.id}#bta`);
}

async function recordSkeletal(
  request: Request,
  context: ActionFunctionArgs["context"],
  params: ActionFunctionArgs["params"],
  values: Record<string, string>,
) {
  const user = await requirePermission(request, context, "case:write");
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const schema = makeSkeletalEventInputSchema(todayOf(context));
  const parsed = parseOr400(request, schema, values, values);
  if (!parsed.ok) return parsed.response;
  const result = await attempt(request, values, () =>
    recordSkeletalEvent(context, user.id, patient.id, parsed.data),
  );
  if (!result.ok) return result.response;
  return redirect(`/patients/${patient.id}#skeletal`);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const bta = readBtaSequence(context, patient.id);
  const conditions = startConditionsOfVersions(
    context,
    bta.planned.filter((a) => a.state === "open").map((a) => a.decisionVersionId),
  );
  return json({
    patient: { ...patient, primaryCancer: patient.primaryCancer as PrimaryCancer },
    rcp: findRcp(context, patient.rcpId)?.name ?? "",
    cases: casesOf(context, patient.id),
    today: todayOf(context),
    canEdit: can(user, "patient:write"),
    canCreateCase: can(user, "case:write"),
    bta: btaSectionOf(bta, conditions),
    canRecordBta: can(user, "bta:write"),
    skeletal: skeletalSectionOf(context, patient.id),
    ctSeries: ctSeriesOf(context, patient.id).map((s) => ({
      id: s.id,
      seriesUid: s.seriesUid,
      size: s.size,
      spacing: s.spacing,
      acquisitionDate: s.acquisitionDate,
      createdAt: s.createdAt,
    })),
    feLesions: feLesionChoices(context, patient.id),
    feJobs: feJobsOfPatient(context, patient.id).map((row): FeJobItem => {
      const v = feJobView(row);
      const loadCase = (row.params as { load_case?: unknown }).load_case;
      // The analysed region (decision 121): the box of the params, and whether the result says
      // the box cut the bone.
      const region = RegionBoxSchema.safeParse((row.params as { region?: unknown }).region);
      const cut = RegionCutSchema.safeParse((row.result as { region?: unknown } | null)?.region);
      return {
        id: v.id,
        ctSeriesId: v.ctSeriesId,
        lesionId: v.lesionId,
        status: v.status,
        stage: v.stage,
        loadCase: v.loadCase,
        percent: v.percent,
        loadCases: (Array.isArray(loadCase) ? loadCase : [loadCase]).map(String),
        region: region.success ? region.data : null,
        facesCut: cut.success ? cut.data.faces_cut.map((f) => f.face) : [],
        // Weight and axes with the result (decisions 127 and 132).
        facts: feJobFacts(row.params, row.result),
        error: v.error,
        createdAt: v.createdAt,
        strainImages: v.strainImages,
      };
    }),
  });
}

export default function PatientPage() {
  const {
    patient: p,
    rcp,
    cases,
    today,
    canEdit,
    canCreateCase,
    bta,
    canRecordBta,
    skeletal,
    ctSeries,
    feLesions,
    feJobs,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Each form shows its own errors: the skeletal form posts intent "skeletalEvent".
  const skeletalResult = result?.values?.intent === "skeletalEvent" ? result : undefined;
  const btaResult = skeletalResult ? undefined : result;
  const { t } = useTranslation();
  const none = t("common.none");
  const { date } = useDates();
  return (
    <>
      <p>
        <Link to="/patients">← {t("patient.listTitle")}</Link>
      </p>
      <div className="toolbar">
        <h1>
          {patientDisplayName(p)}{" "}
          <span className="muted">
            ({p.hospitalId}, {t("common.years", { count: ageYears(p.birthDate, today) })})
          </span>
        </h1>
        <span className="spacer" />
        <Link className="button secondary" to={`/patients/${p.id}/timeline`}>
          {t("timeline.link")}
        </Link>
        {canEdit ? (
          <Link className="button secondary" to={`/patients/${p.id}/edit`}>
            {t("common.edit")}
          </Link>
        ) : null}
      </div>
      <div className="cols">
        <section className="panel">
          <h2>{t("patient.identity")}</h2>
          <dl className="facts">
            <dt>{t("patient.rcp")}</dt>
            <dd>{rcp}</dd>
            <dt>{t("patient.birthDate")}</dt>
            <dd>{date(p.birthDate)}</dd>
            <dt>{t("patient.sex")}</dt>
            <dd>{t(`patient.sexes.${p.sex}`)}</dd>
            <dt>{t("patient.primaryCancer")}</dt>
            <dd>
              <CancerLabel cancer={p.primaryCancer} />
            </dd>
            <dt>{t("patient.cancerDiagnosisDate")}</dt>
            <dd>{date(p.cancerDiagnosisDate) || none}</dd>
            <dt>{t("patient.boneMetastasisDiagnosisDate")}</dt>
            <dd>{date(p.boneMetastasisDiagnosisDate) || none}</dd>
          </dl>
        </section>
        <section className="panel">
          <h2>{t("patient.clinical")}</h2>
          <dl className="facts">
            <dt>{t("patient.weightKg")}</dt>
            <dd>{p.weightKg ?? none}</dd>
            <dt>ECOG</dt>
            <dd>{p.ecog ?? none}</dd>
            <dt>Karnofsky</dt>
            <dd>{p.karnofsky === null ? none : `${p.karnofsky} %`}</dd>
            <dt>{t("patient.systemicTreatment")}</dt>
            <dd>
              {t(`patient.systemicTreatments.${p.systemicTreatment}`)}
              {p.systemicTreatmentDetail ? ` (${p.systemicTreatmentDetail})` : ""}
            </dd>
            <dt>{t("patient.creatinineClearanceMlMin")}</dt>
            <dd>
              {p.creatinineClearanceMlMin === null
                ? none
                : `${p.creatinineClearanceMlMin} (${date(p.creatinineClearanceDate) || none})`}
            </dd>
            <dt>{t("patient.dentalCheckDate")}</dt>
            <dd>{date(p.dentalCheckDate) || none}</dd>
            <dt>{t("patient.survivalBand")}</dt>
            <dd>{t(`patient.survivalBands.${p.survivalBand ?? "unknown"}`)}</dd>
            <dt>{t("patient.wishes")}</dt>
            <dd>{p.wishes ?? none}</dd>
          </dl>
        </section>
      </div>
      <div className="toolbar">
        <h2>{t("patient.cases")}</h2>
        <span className="spacer" />
        {canCreateCase ? (
          <Link className="button" to={`/patients/${p.id}/cases/new`}>
            {t("patient.newCase")}
          </Link>
        ) : null}
      </div>
      <CaseTable cases={cases} showPatient={false} />
      <BtaSection
        bta={bta}
        canRecord={canRecordBta}
        errors={btaResult?.errors}
        values={btaResult?.values ?? {}}
      />
      <SkeletalEventsSection
        data={skeletal}
        agent={bta.agent}
        canRecord={canCreateCase}
        errors={skeletalResult?.errors}
        values={skeletalResult?.values ?? {}}
      />
      <CtSeriesSection patientId={p.id} series={ctSeries} canImport={canCreateCase} />
      <FeAnalysisSection
        patientId={p.id}
        series={ctSeries.map((s) => ({
          id: s.id,
          size: [s.size[0], s.size[1], s.size[2]],
          spacing: [s.spacing[0], s.spacing[1], s.spacing[2]],
          label: `${t("ct.seriesNo", { id: s.id })} — ${s.acquisitionDate ? date(s.acquisitionDate) : t("ct.unknownDate")} (${s.size.join(" × ")})`,
        }))}
        lesions={feLesions}
        jobs={feJobs}
        weightKg={p.weightKg}
        canRun={canCreateCase}
      />
    </>
  );
}
