// The patient's FE analyses (issue 13 §6): the form that starts one on an imported CT series (with
// the CT's slice views to place the lesion sphere, FeSliceViews.tsx, decision 088, and to draw the
// region of interest, decision 121), and each job with its progress pushed by the server
// (server-sent events, decision 087) and a Cancel
// button. The form's fields and rules are app/domain/fe/runForm.ts's, parsed again by the route.
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Label } from "../domain/common";
import { MAX_TILT_DEG } from "../domain/fe/axisTilt";
import { type FeJobFacts, feJobFacts } from "../domain/fe/result";
import {
  FE_CALIBRATIONS,
  FE_COMPARATORS,
  FE_LOAD_CASE_SETS,
  FE_SIDES,
  FE_SITES,
  INTERNAL_CALIBRATION_FIELDS,
  REGION_FIELDS,
} from "../domain/fe/runForm";
import type { BoxMm, Vec3 } from "../domain/fe/sliceViews";
import type { StrainImagesView } from "../domain/fe/strainImages";
import { useLabel } from "./board/useLabel";
import { useFeFacts } from "./FeResultFacts";
import { FeSliceViews, type SliceSeries } from "./FeSliceViews";
import { FeStrainImages } from "./FeStrainImages";
import { Field, type FieldErrors, FormErrorSummary } from "./Field";
import { useDates } from "./useDates";

export interface FeJobItem {
  id: number;
  ctSeriesId: number;
  lesionId: string | null;
  status: "queued" | "running" | "done" | "failed" | "cancelled";
  stage: string | null;
  loadCase: string | null;
  percent: number;
  loadCases: string[];
  /** The analysed region (decision 121): null is the whole volume. */
  region: BoxMm | null;
  /** Faces of the box the bone crosses, from the result ("z_max"...); empty when none or not run. */
  facesCut: string[];
  /** Weight, axes and failure load of the job (app/domain/fe/result.ts feJobFacts). */
  facts: FeJobFacts;
  error: string | null;
  createdAt: string;
  /** The strain images of a finished job (decision 122), null when it has none. */
  strainImages: StrainImagesView | null;
}

interface QueueAnswer {
  feJob?: { id: number };
  errors?: FieldErrors;
  values?: Record<string, string>;
}

function NumberField({
  name,
  errors,
  values,
  value,
  onChange,
}: {
  name: string;
  errors: FieldErrors;
  values: Record<string, string>;
  /** Controlled when given (the lesion sphere, which the slice views fill too). */
  value?: string;
  onChange?: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Field name={name} label={t(`fe.form.${name}`)} errors={errors}>
      {(p) =>
        value === undefined ? (
          <input {...p} type="text" inputMode="decimal" defaultValue={values[name] ?? ""} />
        ) : (
          <input
            {...p}
            type="text"
            inputMode="decimal"
            value={value}
            onChange={(event) => onChange?.(event.target.value)}
          />
        )
      }
    </Field>
  );
}

const SPHERE_FIELDS = ["centreX_mm", "centreY_mm", "centreZ_mm", "radius_mm"] as const;
type SphereField = (typeof SPHERE_FIELDS)[number];

const BOX_FIELDS = [...REGION_FIELDS.min, ...REGION_FIELDS.max] as const;
type BoxField = (typeof BOX_FIELDS)[number];
const TILT_FIELDS = ["tiltCoronal_deg", "tiltSagittal_deg"] as const;
type TiltField = (typeof TILT_FIELDS)[number];

/** A field's number as typed (French decimal comma accepted), or null. */
function typedNumber(text: string | undefined): number | null {
  const v = Number((text ?? "").trim().replace(",", "."));
  return text?.trim() && Number.isFinite(v) ? v : null;
}

function ChoiceField({
  name,
  options,
  errors,
  values,
  onChange,
}: {
  name: string;
  options: readonly { value: string; label: string }[];
  errors: FieldErrors;
  values: Record<string, string>;
  onChange?: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Field name={name} label={t(`fe.form.${name}`)} errors={errors}>
      {(p) => (
        <select
          {...p}
          defaultValue={values[name] ?? ""}
          onChange={(event) => onChange?.(event.target.value)}
        >
          {/* Nothing clinical is pre-selected (issue 10 §4). */}
          <option value="">{t("fe.form.choose")}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The stage in the clinic's words: "résolution du cas de charge 1 sur 2". */
function useStageText() {
  const { t } = useTranslation();
  return (job: Pick<FeJobItem, "status" | "stage" | "loadCase" | "loadCases">) => {
    if (job.status !== "running") return t(`fe.status.${job.status}`);
    if (job.stage === "solve" && job.loadCase) {
      const k = job.loadCases.indexOf(job.loadCase) + 1;
      return t("fe.stage.solveCase", { k: k > 0 ? k : 1, n: job.loadCases.length || 1 });
    }
    return t(`fe.stage.${job.stage ?? "queued"}`, { defaultValue: t("fe.stage.queued") });
  };
}

/** A job's live state: the server pushes it (EventSource) until the job is finished. */
function useLiveJob(patientId: number, initial: FeJobItem): FeJobItem {
  const [job, setJob] = useState(initial);
  const live = initial.status === "queued" || initial.status === "running";
  useEffect(() => {
    if (!live) return;
    const source = new EventSource(`/patients/${patientId}/fe-jobs/${initial.id}/events`);
    source.addEventListener("progress", (event) => {
      const view = JSON.parse((event as MessageEvent<string>).data) as Partial<FeJobItem> & {
        params?: unknown;
        result?: unknown;
      };
      setJob((j) => ({
        ...j,
        status: view.status ?? j.status,
        stage: view.stage ?? null,
        loadCase: view.loadCase ?? null,
        percent: view.percent ?? j.percent,
        error: view.error ?? null,
        strainImages: view.strainImages ?? j.strainImages,
        // The failure load and the analysed axes appear when the job finishes (decision 132).
        facts: view.params === undefined ? j.facts : feJobFacts(view.params, view.result),
      }));
    });
    // The server ends the stream after a finished state; without this EventSource would reconnect.
    source.addEventListener("end", () => source.close());
    return () => source.close();
  }, [patientId, initial.id, live]);
  return job;
}

function FeJobRowView({
  patientId,
  initial,
  lesionName,
  canCancel,
}: {
  patientId: number;
  initial: FeJobItem;
  lesionName: (id: string | null) => string;
  canCancel: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { dateTime } = useDates();
  const mm = (v: number) => v.toLocaleString(i18n.language, { maximumFractionDigits: 1 });
  const whole = (v: number) => v.toLocaleString(i18n.language, { maximumFractionDigits: 0 });
  const job = useLiveJob(patientId, initial);
  const stageText = useStageText();
  const facts = useFeFacts();
  const comparatorAxes = facts.comparatorAxes(job.facts.comparator, job.facts.comparatorTilt_deg);
  const cancel = useFetcher();
  const running = job.status === "queued" || job.status === "running";
  return (
    <li className="fe-job" id={`fe-job-${job.id}`} data-job-id={job.id} data-status={job.status}>
      <strong>{t("fe.job", { id: job.id })}</strong> — {lesionName(job.lesionId)} ·{" "}
      {dateTime(job.createdAt)}
      <div className="fe-progress">
        {running ? (
          <progress max={100} value={job.percent} aria-label={t("fe.progressLabel")}>
            {job.percent} %
          </progress>
        ) : null}{" "}
        <span role="status">
          {stageText(job)}
          {running ? ` — ${job.percent} %` : ""}
        </span>
        <span className="fe-job-region small">
          {" · "}
          {job.region
            ? t("fe.region.ofJob", {
                x: `${mm(job.region.min_mm[0])}–${mm(job.region.max_mm[0])}`,
                y: `${mm(job.region.min_mm[1])}–${mm(job.region.max_mm[1])}`,
                z: `${mm(job.region.min_mm[2])}–${mm(job.region.max_mm[2])}`,
              })
            : t("fe.region.wholeOfJob")}
        </span>
        {job.facesCut.length > 0 ? (
          <p className="fe-region-cut" role="note">
            {t("fe.region.cutsBone", {
              faces: job.facesCut.map((f) => t(`fe.region.faces.${f}`)).join(", "),
            })}
          </p>
        ) : null}
        {job.status === "failed" && job.error ? (
          <span className="muted"> ({job.error})</span>
        ) : null}
      </div>
      {job.status === "done" && job.facts.failureLoad ? (
        <p className="fe-job-load" data-fact="failure-load">
          {t("fe.facts.failureLoad", {
            n: whole(job.facts.failureLoad.N),
            bw: mm(job.facts.failureLoad.BW),
            // The weight recorded with the job: the one the board's card and rule use too.
            weight: facts.weight(job.facts.bodyWeight_kg, job.createdAt),
          })}
          {job.facts.comparator ? (
            <>
              {" · "}
              {t("board.feResult.strengthLoss")}{" "}
              {t("board.feResult.strengthLossValue", {
                pct: mm(job.facts.failureLoad.strengthLoss_pct),
                comparator: t(`board.feResult.comparators.${job.facts.comparator}`),
              })}
            </>
          ) : null}
        </p>
      ) : null}
      <p className="fe-job-axes small" data-fact="axes">
        {facts.axes(job.facts.tilt_deg)}
        {comparatorAxes ? <> {comparatorAxes}</> : null}
      </p>
      {running && canCancel ? (
        <cancel.Form
          method="post"
          action={`/patients/${patientId}/fe-jobs/${job.id}/cancel`}
          onSubmit={(event) => {
            if (!window.confirm(t("fe.cancelConfirm"))) event.preventDefault();
          }}
        >
          <button type="submit" className="secondary" disabled={cancel.state !== "idle"}>
            {t("fe.cancel")}
          </button>
        </cancel.Form>
      ) : null}
      <a href={`/patients/${patientId}/fe-jobs/${job.id}`}>{t("fe.jobData")}</a>
      {job.status === "done" && job.strainImages ? (
        <FeStrainImages patientId={patientId} jobId={job.id} view={job.strainImages} />
      ) : null}
    </li>
  );
}

export function FeAnalysisSection({
  patientId,
  series,
  lesions,
  jobs,
  weightKg,
  canRun,
}: {
  patientId: number;
  series: readonly (SliceSeries & { label: string })[];
  lesions: readonly { id: string; label: Label }[];
  jobs: readonly FeJobItem[];
  weightKg: number | null;
  canRun: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const fetcher = useFetcher<QueueAnswer>();
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  // A calibration the server refused (feJobs.ts: rods or internal regions, field
  // "params.calibration") is shown under the form's calibration choice.
  const errors = answer?.errors?.map((e) =>
    e.field === "params.calibration" ? { ...e, field: "calibration" } : e,
  );
  const values = answer?.values ?? {
    // The weight from the patient record when it holds one (issue 13 §6); else the user types it.
    bodyWeightKg: weightKg === null ? "" : String(weightKg),
  };
  const [seriesId, setSeriesId] = useState(values.ctSeriesId ?? "");
  const [site, setSite] = useState(values.site ?? "");
  // The tilt of the analysis axes (decision 127): blank is 0°, the bone's principal axis.
  const [tilt, setTilt] = useState<Record<TiltField, string>>(() => ({
    tiltCoronal_deg: values.tiltCoronal_deg ?? "",
    tiltSagittal_deg: values.tiltSagittal_deg ?? "",
  }));
  const angles = TILT_FIELDS.map((k) => (tilt[k].trim() === "" ? 0 : typedNumber(tilt[k])));
  const tiltDeg = angles.every((a) => a !== null && Math.abs(a) <= MAX_TILT_DEG)
    ? { coronal_deg: angles[0] ?? 0, sagittal_deg: angles[1] ?? 0 }
    : null;
  const [sphere, setSphere] = useState<Record<SphereField, string>>(() => ({
    centreX_mm: values.centreX_mm ?? "",
    centreY_mm: values.centreY_mm ?? "",
    centreZ_mm: values.centreZ_mm ?? "",
    radius_mm: values.radius_mm ?? "",
  }));
  // The region of interest: all six blank is the whole volume, the default (decision 121).
  const [region, setRegion] = useState<Record<BoxField, string>>(
    () =>
      Object.fromEntries(BOX_FIELDS.map((k) => [k, values[k] ?? ""])) as Record<BoxField, string>,
  );
  const corner = (keys: readonly BoxField[]) => keys.map((k) => typedNumber(region[k]));
  const [lo, hi] = [corner(REGION_FIELDS.min), corner(REGION_FIELDS.max)];
  const box: BoxMm | null = [...lo, ...hi].every((v) => v !== null)
    ? { min_mm: lo as Vec3, max_mm: hi as Vec3 }
    : null;
  const wholeVolume = BOX_FIELDS.every((k) => region[k].trim() === "");
  const sliced = series.find((s) => String(s.id) === seriesId);
  const centre = [sphere.centreX_mm, sphere.centreY_mm, sphere.centreZ_mm].map(typedNumber);
  const centre_mm = centre.every((v) => v !== null) ? (centre as Vec3) : null;
  const radius = typedNumber(sphere.radius_mm);
  const sphereField = (name: SphereField) => (
    <NumberField
      key={name}
      name={name}
      errors={errors}
      values={values}
      value={sphere[name]}
      onChange={(v) => setSphere((s) => ({ ...s, [name]: v }))}
    />
  );
  const lesionName = (id: string | null) => {
    const lesion = lesions.find((l) => l.id === id);
    return lesion ? label(lesion.label) : t("fe.noLesion");
  };
  const opts = (values: readonly string[], prefix: string) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  return (
    <section className="panel" id="fe">
      <h2>{t("fe.title")}</h2>
      <p className="muted">{t("fe.researchUse")}</p>
      {jobs.length === 0 ? (
        <p className="muted">{t("fe.none")}</p>
      ) : (
        <ul className="fe-jobs">
          {jobs.map((job) => (
            <FeJobRowView
              key={`${job.id}-${job.status}`}
              patientId={patientId}
              initial={job}
              lesionName={lesionName}
              canCancel={canRun}
            />
          ))}
        </ul>
      )}
      {canRun && series.length > 0 ? (
        <fetcher.Form method="post" action={`/patients/${patientId}/fe-jobs`} noValidate>
          <h3>{t("fe.form.title")}</h3>
          <FormErrorSummary errors={errors} />
          {lesions.length === 0 ? <p className="muted">{t("fe.form.noLesions")}</p> : null}
          <div className="grid">
            <ChoiceField
              name="ctSeriesId"
              options={series.map((s) => ({ value: String(s.id), label: s.label }))}
              errors={errors}
              values={values}
              onChange={setSeriesId}
            />
            <ChoiceField
              name="lesionId"
              options={lesions.map((l) => ({ value: l.id, label: label(l.label) }))}
              errors={errors}
              values={values}
            />
            <ChoiceField
              name="site"
              options={opts(FE_SITES, "fe.sites")}
              errors={errors}
              values={values}
              onChange={setSite}
            />
            <ChoiceField
              name="side"
              options={opts(FE_SIDES, "fe.sides")}
              errors={errors}
              values={values}
            />
            <ChoiceField
              name="loadCases"
              options={opts(Object.keys(FE_LOAD_CASE_SETS), "fe.loadCaseSets")}
              errors={errors}
              values={values}
            />
            <NumberField name="bodyWeightKg" errors={errors} values={values} />
            <ChoiceField
              name="calibration"
              options={opts(FE_CALIBRATIONS, "fe.calibrations")}
              errors={errors}
              values={values}
            />
            <NumberField name="slopeMgPerHu" errors={errors} values={values} />
            <NumberField name="interceptMg" errors={errors} values={values} />
            <ChoiceField
              name="comparator"
              options={opts(FE_COMPARATORS, "fe.comparators")}
              errors={errors}
              values={values}
            />
            <ChoiceField
              name="contralateralId"
              options={series.map((s) => ({ value: String(s.id), label: s.label }))}
              errors={errors}
              values={values}
            />
            <NumberField name="voxel_mm" errors={errors} values={values} />
          </div>
          <fieldset className="fe-internal-calibration">
            <legend>{t("fe.internalCalibration.title")}</legend>
            <div className="fe-internal-calibration-grid">
              {INTERNAL_CALIBRATION_FIELDS.map((name) => (
                <NumberField key={name} name={name} errors={errors} values={values} />
              ))}
            </div>
            <p className="muted small">{t("fe.internalCalibration.hint")}</p>
          </fieldset>
          {sliced ? (
            <FeSliceViews
              key={sliced.id}
              patientId={patientId}
              series={sliced}
              centre_mm={centre_mm}
              radius_mm={radius !== null && radius > 0 ? radius : null}
              onPickCentre={(c) =>
                setSphere((s) => ({
                  ...s,
                  // Two decimals: a hundredth of a millimetre is far below any CT voxel.
                  centreX_mm: String(Math.round(c[0] * 100) / 100),
                  centreY_mm: String(Math.round(c[1] * 100) / 100),
                  centreZ_mm: String(Math.round(c[2] * 100) / 100),
                }))
              }
              box={box}
              onBox={(b) =>
                setRegion(
                  Object.fromEntries([
                    ...REGION_FIELDS.min.map((k, a) => [k, String(b.min_mm[a])]),
                    ...REGION_FIELDS.max.map((k, a) => [k, String(b.max_mm[a])]),
                  ]) as Record<BoxField, string>,
                )
              }
              site={site}
              tilt={tiltDeg}
              onTilt={(view, deg) =>
                setTilt((a) => ({
                  ...a,
                  [view === "coronal" ? "tiltCoronal_deg" : "tiltSagittal_deg"]: String(deg),
                }))
              }
              axisFields={
                <fieldset className="fe-axes">
                  <legend>{t("fe.axis.title")}</legend>
                  <div className="fe-axes-grid">
                    {TILT_FIELDS.map((name) => (
                      <NumberField
                        key={name}
                        name={name}
                        errors={errors}
                        values={values}
                        value={tilt[name]}
                        onChange={(v) => setTilt((a) => ({ ...a, [name]: v }))}
                      />
                    ))}
                  </div>
                  <button
                    type="button"
                    className="secondary fe-axes-reset"
                    disabled={TILT_FIELDS.every((k) => tilt[k].trim() === "")}
                    onClick={() => setTilt({ tiltCoronal_deg: "", tiltSagittal_deg: "" })}
                  >
                    {t("fe.axis.reset")}
                  </button>
                  <p className="muted small">{t("fe.axis.hint", { max: MAX_TILT_DEG })}</p>
                </fieldset>
              }
            />
          ) : (
            <p className="muted">{t("fe.slices.chooseSeries")}</p>
          )}
          <fieldset className="fe-region">
            <legend>{t("fe.region.title")}</legend>
            <p role="status" className="small">
              {wholeVolume ? t("fe.region.whole") : t("fe.region.box")}
            </p>
            <div className="fe-region-grid">
              {BOX_FIELDS.map((name) => (
                <NumberField
                  key={name}
                  name={name}
                  errors={errors}
                  values={values}
                  value={region[name]}
                  onChange={(v) => setRegion((r) => ({ ...r, [name]: v }))}
                />
              ))}
            </div>
            <button
              type="button"
              className="secondary"
              disabled={wholeVolume}
              onClick={() =>
                setRegion(
                  Object.fromEntries(BOX_FIELDS.map((k) => [k, ""])) as Record<BoxField, string>,
                )
              }
            >
              {t("fe.region.reset")}
            </button>
            <p className="muted small">{t("fe.region.hint")}</p>
          </fieldset>
          <div className="grid">{SPHERE_FIELDS.map(sphereField)}</div>
          <p className="muted">{t("fe.form.sphereHint")}</p>
          <button type="submit" disabled={fetcher.state !== "idle"}>
            {t("fe.form.run")}
          </button>
          {answer?.feJob ? <p role="status">{t("fe.form.queued")}</p> : null}
        </fetcher.Form>
      ) : null}
    </section>
  );
}
