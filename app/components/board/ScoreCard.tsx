// One score as the board reads it: headline value (scoreValue) and category, every item with its points, the
// rationale and the source. Values come from app/domain; nothing here adds numbers up.
import { useTranslation } from "react-i18next";
import { type ScoreResult, scoreValue } from "../../domain/common";
import type { RuleOutcome } from "../../domain/risk";
import { useLabel } from "./useLabel";

export type ScoreView = ScoreResult;

export function ScoreCard({
  score,
  title,
  max,
  result,
  partial,
  missing,
}: {
  /** Key of the score in the i18n catalogue (board.items.<score>.*) and in tests. */
  score: string;
  title: string;
  max?: number;
  result: ScoreView | undefined;
  /** When items are missing, the engine's "at least" rule if it could already decide. */
  partial?: RuleOutcome;
  /** Names of the missing items. */
  missing: string[];
}) {
  const { t } = useTranslation();
  const label = useLabel();
  if (!result) {
    return (
      <div className="score-card incomplete" data-score={score} data-value="">
        <h4>
          {title} <span className="score-total muted">{t("board.score.incomplete")}</span>
        </h4>
        {missing.length > 0 ? (
          <p className="small">{t("board.score.missing", { items: missing.join(", ") })}</p>
        ) : null}
        {partial ? (
          <>
            <p className="rationale">{label(partial.rationale)}</p>
            <p className="source">{t("board.score.source", { source: partial.source })}</p>
          </>
        ) : null}
      </div>
    );
  }
  const value = scoreValue(result);
  return (
    <div className="score-card" data-score={score} data-value={String(value)}>
      <h4>
        {title} <span className="score-total">{max ? `${value}/${max}` : String(value)}</span>{" "}
        <span className="score-category">{label(result.categoryLabel)}</span>
      </h4>
      <dl className="score-items">
        {Object.entries(result.items).map(([key, value]) => (
          <div key={key}>
            <dt>{t(`board.items.${score}.${key}`, { defaultValue: key })}</dt>
            <dd>
              {value === null || value === undefined
                ? t("board.fields.notSet")
                : typeof value === "boolean"
                  ? value
                    ? t("common.yes")
                    : t("common.no")
                  : typeof value === "string"
                    ? t(`board.itemValues.${value}`, { defaultValue: value })
                    : String(value)}
            </dd>
          </div>
        ))}
      </dl>
      <p className="rationale">{label(result.rationale)}</p>
      <p className="source">{t("board.score.source", { source: result.source })}</p>
      {result.unverified.length > 0 ? (
        <p className="unverified">
          {t("board.score.unverified")} {result.unverified.map((u) => label(u)).join(" ; ")}
        </p>
      ) : null}
    </div>
  );
}
