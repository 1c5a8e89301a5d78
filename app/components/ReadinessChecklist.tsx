import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Readiness, ReadinessCode } from "../domain/meeting/readiness";

/** Where each missing item is filled in: the patient record, the case, or the live board. */
const FIX_PLACE: Record<ReadinessCode, "patient" | "case" | "board"> = {
  btaQuestionUnstated: "case",
  imagingDate: "case",
  noLesion: "board",
  lesionScoresMissing: "board",
  performanceStatus: "patient",
  creatinineClearanceMissing: "patient",
  creatinineClearanceStale: "patient",
  dentalStatus: "patient",
  patientWishes: "patient",
};

/**
 * "Prêt pour la RCP ?" on the case page (issue 11 §2): ready, or each missing item with its reason,
 * its source and a link to where it is fixed (shown only to those allowed to fix it there).
 */
export function ReadinessChecklist({
  readiness,
  caseId,
  patientId,
  canFix,
}: {
  readiness: Readiness;
  caseId: number;
  patientId: number;
  canFix: Record<"patient" | "case" | "board", boolean>;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "fr";
  const fix = {
    patient: { to: `/patients/${patientId}/edit`, label: t("case.readiness.fixPatient") },
    case: { to: `/cases/${caseId}/edit`, label: t("case.readiness.fixCase") },
    board: { to: `/cases/${caseId}/board`, label: t("case.readiness.fixBoard") },
  };
  return (
    <section
      className={`panel readiness ${readiness.ready ? "ready" : "not-ready"}`}
      aria-labelledby="readiness-title"
    >
      <h2 id="readiness-title">{t("case.readiness.title")}</h2>
      {readiness.ready ? (
        <p>{t("case.readiness.ready")}</p>
      ) : (
        <>
          <p>{t("case.readiness.missing", { count: readiness.missing.length })}</p>
          <ul>
            {readiness.missing.map((m) => {
              const place = FIX_PLACE[m.code];
              return (
                <li key={`${m.code}-${m.lesionId ?? ""}-${m.score ?? ""}`} data-code={m.code}>
                  {m.label[lang]}{" "}
                  {canFix[place] ? <Link to={fix[place].to}>{fix[place].label}</Link> : null}
                  <br />
                  <span className="source">{t("case.readiness.source", { source: m.source })}</span>
                </li>
              );
            })}
          </ul>
          <p className="hint">{t("case.readiness.note")}</p>
        </>
      )}
    </section>
  );
}
