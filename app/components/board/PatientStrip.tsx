// The patient beside the map (issue 10 §5): the facts a tumour board weighs before any local
// treatment, in one or two lines. Each fact links to the patient form's field where it is edited;
// a missing fact says "non renseigné", never a blank or a guess.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { PrimaryCancer } from "../../domain/records/cancer";
import { CancerLabel } from "../CancerLabel";
import { useDates } from "../useDates";

export interface PatientStripData {
  patientId: number;
  /** Whole years from the birth date and the RCP's today (computed by the loader). */
  ageYears: number;
  sex: string;
  primaryCancer: PrimaryCancer;
  ecog: number | null;
  karnofsky: number | null;
  survivalBand: string | null;
  systemicTreatment: string;
  systemicTreatmentDetail: string | null;
  weightKg: number | null;
  creatinineClearanceMlMin: number | null;
  creatinineClearanceDate: string | null;
  wishes: string | null;
  /** The engine's state of the BTA sequence (readBtaSequence), and the next dose when active. */
  bta: {
    status: "none" | "active" | "paused" | "stopped";
    agent: string | null;
    nextDoseDate: string | null;
  };
}

/** The patient form's field id (app/components/Field.tsx builds `f-<name>`). */
function editHref(patientId: number, field: string): string {
  return `/patients/${patientId}/edit#f-${field.replace(/\W/g, "-")}`;
}

function Fact({
  name,
  href,
  label,
  children,
}: {
  name: string;
  href: string;
  label: string;
  children: ReactNode;
}) {
  return (
    <div className="strip-fact" data-fact={name}>
      <dt>
        <Link to={href}>{label}</Link>
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

export function PatientStrip({ patient: p }: { patient: PatientStripData }) {
  const { t } = useTranslation();
  const dates = useDates();
  const notSet = <span className="not-set">{t("board.strip.notSet")}</span>;
  const href = (field: string) => editHref(p.patientId, field);
  const performance = [
    p.ecog === null ? null : `ECOG ${p.ecog}`,
    p.karnofsky === null ? null : `Karnofsky ${p.karnofsky} %`,
  ].filter((x): x is string => x !== null);
  return (
    <section className="patient-strip" aria-label={t("board.strip.title")}>
      <dl>
        <Fact name="age" href={href("birthDate")} label={t("board.strip.age")}>
          {Number.isFinite(p.ageYears) ? t("common.years", { count: p.ageYears }) : notSet},{" "}
          {t(`patient.sexes.${p.sex}`)}
        </Fact>
        <Fact name="primary" href={href("primaryCancer.type")} label={t("board.strip.primary")}>
          <CancerLabel cancer={p.primaryCancer} />
        </Fact>
        <Fact name="performance" href={href("ecog")} label={t("board.strip.performance")}>
          {performance.length > 0 ? performance.join(" · ") : notSet}
        </Fact>
        <Fact name="survival" href={href("survivalBand")} label={t("board.strip.survival")}>
          {p.survivalBand && p.survivalBand !== "unknown"
            ? t(`patient.survivalBands.${p.survivalBand}`)
            : notSet}
        </Fact>
        <Fact name="systemic" href={href("systemicTreatment")} label={t("board.strip.systemic")}>
          {t(`patient.systemicTreatments.${p.systemicTreatment}`)}
          {p.systemicTreatmentDetail ? ` (${p.systemicTreatmentDetail})` : ""}
        </Fact>
        <Fact name="weight" href={href("weightKg")} label={t("board.strip.weight")}>
          {p.weightKg === null ? notSet : t("board.strip.kg", { value: p.weightKg })}
        </Fact>
        <Fact
          name="clearance"
          href={href("creatinineClearanceMlMin")}
          label={t("board.strip.clearance")}
        >
          {p.creatinineClearanceMlMin === null
            ? notSet
            : t("board.strip.clearanceValue", {
                value: p.creatinineClearanceMlMin,
                date: p.creatinineClearanceDate
                  ? dates.date(p.creatinineClearanceDate)
                  : t("board.strip.notSet"),
              })}
        </Fact>
        <Fact name="bta" href={`/patients/${p.patientId}#bta`} label={t("board.strip.bta")}>
          {p.bta.status === "none" ? (
            <span className="not-set">{t("board.strip.btaNone")}</span>
          ) : (
            <>
              {p.bta.agent ? `${t(`bta.agents.${p.bta.agent}`)}, ` : ""}
              {t(`bta.status.${p.bta.status}`)}
              {p.bta.nextDoseDate
                ? ` — ${t("bta.nextDose")} ${dates.date(p.bta.nextDoseDate)}`
                : ""}
            </>
          )}
        </Fact>
        <Fact name="wishes" href={href("wishes")} label={t("board.strip.wishes")}>
          {p.wishes ? (
            <span className="strip-wishes" title={p.wishes}>
              {p.wishes}
            </span>
          ) : (
            notSet
          )}
        </Fact>
      </dl>
      <a className="strip-timeline" href={`/patients/${p.patientId}/timeline`}>
        {t("timeline.link")}
      </a>
    </section>
  );
}
