// Patchell 2005's inclusion criteria beside the cord-compression alert (issue 12, decision 124):
// each criterion met, not met or unknown, and for an unknown one the fact still to record, so an
// unknown never reads as "no". Trial inclusion, not an absolute rule (clinical.md §7.3–7.4).
import { useTranslation } from "react-i18next";
import type { PatchellEligibility } from "../../domain/treatments";

export function PatchellCriteria({ patchell }: { patchell: PatchellEligibility }) {
  const { t } = useTranslation();
  return (
    <section
      className="panel-section patchell"
      aria-labelledby="patchell-title"
      data-status={patchell.status}
    >
      <h3 id="patchell-title">{t("board.patchell.title")}</h3>
      <p className="small">
        <strong>{t(`board.patchell.overall.${patchell.status}`)}</strong>{" "}
        <span className="muted">{t("board.patchell.intro")}</span>
      </p>
      <ul className="criteria">
        {patchell.criteria.map((c) => (
          <li key={c.id} className={`criterion criterion-${c.status}`} data-criterion={c.id}>
            <span className="criterion-mark" aria-hidden="true">
              {c.status === "met" ? "✓" : c.status === "unmet" ? "✗" : "?"}
            </span>
            <span>
              {t("board.patchell.criterionName", { name: t(`board.patchell.criteria.${c.id}`) })}{" "}
              <strong>{t(`board.patchell.status.${c.status}`)}</strong>
              {c.missing ? (
                <span className="criterion-missing">
                  {t(`board.patchell.missing.${c.missing}`)}
                </span>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <p className="source">{t("board.score.source", { source: patchell.source })}</p>
    </section>
  );
}
