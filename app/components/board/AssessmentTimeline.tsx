// A lesion's dated imaging assessments as a small chart: time left to right, response bottom
// (progression) to top (complete response). Each point also carries its text in a <title>, and
// the table under the chart says the same, so nothing depends on reading the chart.
import { useTranslation } from "react-i18next";
import {
  LESION_RESPONSE_LABELS,
  type LesionAssessment,
  type LesionResponse,
} from "../../domain/board/schema";
import { toEpochDay } from "../../domain/dates";
import { useDates } from "../useDates";
import { useLabel } from "./useLabel";

// Rows of the chart, top to bottom.
const ROWS: LesionResponse[] = [
  "completeResponse",
  "partialResponse",
  "scleroticCondensation",
  "stable",
  "progression",
  "new",
];

const W = 420;
const H = 150;
const LEFT = 150;
const RIGHT = 14;
const TOP = 12;
const ROW_H = (H - TOP - 22) / (ROWS.length - 1);

function tone(r: LesionResponse): string {
  if (r === "progression" || r === "new") return "bad";
  if (r === "stable") return "neutral";
  return "good";
}

export function AssessmentTimeline({ history }: { history: readonly LesionAssessment[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const fmt = useDates().date;
  if (history.length === 0) return null;
  const days = history.map((a) => toEpochDay(a.imagingDate));
  const min = Math.min(...days);
  const max = Math.max(...days);
  const span = Math.max(1, max - min);
  const x = (d: number) =>
    history.length === 1 ? (LEFT + W - RIGHT) / 2 : LEFT + ((d - min) / span) * (W - LEFT - RIGHT);
  const y = (r: LesionResponse) => TOP + ROWS.indexOf(r) * ROW_H;
  const points = history.map((a) => ({ a, px: x(toEpochDay(a.imagingDate)), py: y(a.response) }));
  return (
    <svg
      className="timeline"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={t("board.assessments.chartLabel", { count: history.length })}
    >
      {ROWS.map((r) => (
        <g key={r}>
          <line x1={LEFT} x2={W - RIGHT} y1={y(r)} y2={y(r)} className="grid" />
          <text x={LEFT - 6} y={y(r)} dy="0.35em" textAnchor="end" className="axis-label">
            {label(LESION_RESPONSE_LABELS[r])}
          </text>
        </g>
      ))}
      <polyline points={points.map((p) => `${p.px},${p.py}`).join(" ")} className="trend" />
      {points.map(({ a, px, py }) => (
        <g key={a.id}>
          <circle cx={px} cy={py} r={5} className={`point ${tone(a.response)}`}>
            <title>{`${fmt(a.imagingDate)} — ${label(LESION_RESPONSE_LABELS[a.response])}`}</title>
          </circle>
        </g>
      ))}
      <text x={LEFT} y={H - 4} className="axis-label">
        {fmt(history[0]?.imagingDate ?? "")}
      </text>
      {history.length > 1 ? (
        <text x={W - RIGHT} y={H - 4} textAnchor="end" className="axis-label">
          {fmt(history[history.length - 1]?.imagingDate ?? "")}
        </text>
      ) : null}
    </svg>
  );
}
