import { useTranslation } from "react-i18next";
import type { RiskLevel } from "../../domain/common";
import { RiskIcon } from "./RiskMark";

const LEVELS: RiskLevel[] = ["high", "moderate", "low", "unknown"];

/** The map's key: every colour comes with a shape and a word. */
export function Legend() {
  const { t } = useTranslation();
  return (
    <section className="legend" aria-label={t("board.legend.title")}>
      <h2 className="legend-title">{t("board.legend.title")}</h2>
      <ul>
        {LEVELS.map((level) => (
          <li key={level}>
            <RiskIcon level={level} size={20} />
            <span>
              <strong>{t(`board.risk.${level}`)}</strong> — {t(`board.legend.${level}`)}
            </span>
          </li>
        ))}
      </ul>
      <p className="muted small">{t("board.legend.worst")}</p>
    </section>
  );
}
