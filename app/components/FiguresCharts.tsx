// Charts of the centre's figures (decision 109): plain SVG drawn by @visx/shape, @visx/scale,
// @visx/axis and @visx/group, so the server renders them with the page and they need no
// JavaScript, no canvas and no measuring of the window. The SVG scales with its viewBox.
import { AxisBottom, AxisLeft, type TickRendererProps } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { displayValue, type Figure, type FigureId } from "../domain/analytics";
import { asLocale } from "../i18n/dates";
import { numberFormat } from "../i18n/numbers";
import { useI18n } from "./useI18n";

const SHARE_IDS: FigureId[] = [
  "btaStarted",
  "startedWithin100Days",
  "operationsPlanned",
  "planItemsOnTime",
  "decisionsWithQuorum",
];
const GROUPS = ["early", "late", "never"] as const;
const RATE_IDS = {
  early: ["eventsEarly", "secondEventsEarly"],
  late: ["eventsLate", "secondEventsLate"],
  never: ["eventsNever", "secondEventsNever"],
} as const satisfies Record<(typeof GROUPS)[number], readonly [FigureId, FigureId]>;

const WIDTH = 480;
// Passing tick label props replaces visx's defaults, so the anchor is given again.
const tickLabel = () => ({ fontSize: 12, fill: "currentColor", textAnchor: "middle" as const });
const leftTickLabel = () => ({
  fontSize: 12,
  fill: "currentColor",
  textAnchor: "end" as const,
  dx: -4,
  dy: "0.33em",
});

/**
 * A tick label as one plain <text>. visx's default is its Text component, which splits the label
 * into words and computes line breaks for wrapping at every render: a third of the charts' render
 * on the server (profile of /figures, docs/performance.md), for labels that are one short line.
 * dx and dy shift the text as Text's wrapping <svg x={dx} y={dy}> did.
 */
function TickLabel({
  x,
  y,
  dx,
  dy,
  fontSize,
  fill,
  textAnchor,
  formattedValue,
}: TickRendererProps) {
  return (
    <text x={x} y={y} dx={dx} dy={dy} fontSize={fontSize} fill={fill} textAnchor={textAnchor}>
      {formattedValue}
    </text>
  );
}

function figureValue(figures: readonly Figure[], id: FigureId): number | null {
  const f = figures.find((x) => x.id === id);
  return f ? displayValue(f) : null;
}

/** Horizontal bars, 0–100 %, one per share; the label sits above its bar to keep the text whole. */
export function SharesChart({ figures }: { figures: readonly Figure[] }) {
  // useI18n and one shared number format, not useTranslation and toLocaleString per value
  // (profile of /figures, docs/performance.md).
  const i18n = useI18n();
  const { t } = i18n;
  const number1 = numberFormat(asLocale(i18n.language), 1);
  const rowHeight = 46;
  const margin = { top: 8, right: 60, bottom: 32, left: 12 };
  const height = margin.top + margin.bottom + SHARE_IDS.length * rowHeight;
  const innerWidth = WIDTH - margin.left - margin.right;
  const x = scaleLinear<number>({ domain: [0, 100], range: [0, innerWidth] });
  return (
    <figure className="chart">
      <figcaption>{t("figures.sharesChart")}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={t("figures.sharesChart")}>
        <Group left={margin.left} top={margin.top}>
          {SHARE_IDS.map((id, i) => {
            const v = figureValue(figures, id);
            const y = i * rowHeight;
            return (
              <g key={id} data-figure={id}>
                <text x={0} y={y + 12} fontSize={14} fill="currentColor">
                  {t(`figures.items.${id}.label`)}
                </text>
                <rect x={0} y={y + 18} width={innerWidth} height={16} fill="#eef1f5" />
                <Bar x={0} y={y + 18} width={x(v ?? 0)} height={16} fill="#2f6fb0" />
                <text x={x(v ?? 0) + 6} y={y + 31} fontSize={13} fill="currentColor">
                  {v === null ? t("figures.noValue") : `${number1(v)} %`}
                </text>
              </g>
            );
          })}
          <AxisBottom
            top={SHARE_IDS.length * rowHeight}
            scale={x}
            numTicks={5}
            tickFormat={(v) => `${Number(v)} %`}
            tickLabelProps={tickLabel}
            tickComponent={TickLabel}
          />
        </Group>
      </svg>
    </figure>
  );
}

/** Grouped bars: all events and second events per 100 patient-years, by start of the BTA. */
export function RatesChart({ figures }: { figures: readonly Figure[] }) {
  // useI18n and one shared number format, not useTranslation and toLocaleString per value
  // (profile of /figures, docs/performance.md).
  const i18n = useI18n();
  const { t } = i18n;
  const number1 = numberFormat(asLocale(i18n.language), 1);
  const height = 280;
  const margin = { top: 20, right: 48, bottom: 40, left: 40 };
  const innerWidth = WIDTH - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;
  const values = GROUPS.flatMap((g) => RATE_IDS[g].map((id) => figureValue(figures, id) ?? 0));
  const x = scaleBand<string>({ domain: [...GROUPS], range: [0, innerWidth], padding: 0.3 });
  const inner = scaleBand<number>({ domain: [0, 1], range: [0, x.bandwidth()], padding: 0.1 });
  const y = scaleLinear<number>({
    domain: [0, Math.max(10, ...values)],
    range: [innerHeight, 0],
    nice: true,
  });
  const colours = ["#2f6fb0", "#c0612b"];
  return (
    <figure className="chart">
      <figcaption>{t("figures.ratesChart")}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={t("figures.ratesChart")}>
        <Group left={margin.left} top={margin.top}>
          {GROUPS.map((g) => (
            <Group key={g} left={x(g) ?? 0}>
              {RATE_IDS[g].map((id, k) => {
                const v = figureValue(figures, id);
                const top = y(v ?? 0);
                return (
                  <g key={id} data-figure={id}>
                    <Bar
                      x={inner(k) ?? 0}
                      y={top}
                      width={inner.bandwidth()}
                      height={innerHeight - top}
                      fill={colours[k]}
                    />
                    <text
                      x={(inner(k) ?? 0) + inner.bandwidth() / 2}
                      y={top - 4}
                      fontSize={13}
                      textAnchor="middle"
                      fill="currentColor"
                    >
                      {v === null ? t("figures.noValue") : number1(v)}
                    </text>
                  </g>
                );
              })}
            </Group>
          ))}
          <AxisLeft
            scale={y}
            numTicks={5}
            tickLabelProps={leftTickLabel}
            tickComponent={TickLabel}
          />
          <AxisBottom
            top={innerHeight}
            scale={x}
            tickFormat={(g) => t(`figures.${g as (typeof GROUPS)[number]}`)}
            tickLabelProps={tickLabel}
            tickComponent={TickLabel}
          />
        </Group>
      </svg>
      <p className="chart-legend">
        <span className="swatch" style={{ background: colours[0] }} /> {t("figures.allEvents")}{" "}
        <span className="swatch" style={{ background: colours[1] }} /> {t("figures.secondEvents")}
      </p>
    </figure>
  );
}
