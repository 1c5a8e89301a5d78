// The patient timeline as plain SVG (issue 12 §5, decision 108): the kernel's lanes drawn with
// @visx/scale, @visx/axis and @visx/group (server-rendered like the rest of the page). The SVG has
// a fixed viewBox and scales to the page width, so the room screen shows it whole without a
// scroll region of its own; exportable as SVG or PNG from the browser.
import { AxisBottom } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleUtc } from "@visx/scale";
import { type ReactNode, useRef } from "react";
import { useTranslation } from "react-i18next";
import {
  IMAGING_MODALITY_LABELS,
  ImagingModalitySchema,
  LESION_RESPONSE_LABELS,
  LesionResponseSchema,
} from "../domain/board/schema";
import { BTA_AGENT_LABELS } from "../domain/bta/agents";
import { toEpochDay } from "../domain/dates";
import { SKELETAL_EVENT_KINDS, SKELETAL_EVENT_LABELS } from "../domain/records/skeletalEvent";
import { findSite, SideSchema, siteLabel } from "../domain/skeleton";
import {
  type LesionRow,
  type Marker,
  RESPONSE_MARKERS,
  type TimelineFacts,
  type TimelinePoint,
  timelineLayout,
} from "../domain/timeline";
import { LOCAL_TREATMENTS } from "../domain/treatments/catalogue";
import { useLabel } from "./board/useLabel";
import { useDates } from "./useDates";

// viewBox units: 1600 wide, text 20 high. Scaled to a 1920-wide room screen the text is ~23 px.
const WIDTH = 1600;
// Wide enough for a lesion's name on two lines ("8. Fémur – région sous-trochantérienne, côté
// droit" is the longest site of the catalogue).
const LANE_LABEL = 310;
const PLOT = WIDTH - LANE_LABEL - 40;
const ROW = 46;
const LANE_PAD = 14;
const AXIS = 60;
const FONT = 20;
const LABEL_PX = 240;
const ROW_LABEL_FONT = 18;
/** Characters per line of a lesion row's name at ROW_LABEL_FONT in the label column. */
const ROW_LABEL_CHARS = 32;

// Response colours are the board's own tones (app/styles/board.css .timeline .point: good, neutral,
// bad), written out because an exported SVG carries no stylesheet.
const GOOD = "#2e7d32";
const NEUTRAL = "#6b7683";
const BAD = "#c62828";

const COLOURS: Record<Marker, string> = {
  dose: "#00695c",
  planItemOpen: "#1565c0",
  planItemDone: "#1565c0",
  planItemCancelled: "#616161",
  skeletalPlanned: "#2e7d32",
  skeletalEmergency: "#c62828",
  meeting: "#6a1b9a",
  decision: "#6a1b9a",
  imaging: "#6d4c41",
  responseNew: BAD,
  responseProgression: BAD,
  responseStable: NEUTRAL,
  responsePartial: GOOD,
  responseComplete: GOOD,
  responseSclerotic: GOOD,
};

/** An arrow 2r tall pointing up (dir -1) or down (dir 1): progression up, partial response down. */
const arrow = (x: number, y: number, r: number, dir: 1 | -1) =>
  [
    [0, -r],
    [r, 0],
    [r * 0.4, 0],
    [r * 0.4, r],
    [-r * 0.4, r],
    [-r * 0.4, 0],
    [-r, 0],
  ]
    .map(([dx = 0, dy = 0]) => `${x + dx},${y + dir * -dy}`)
    .join(" ");

/** A five-pointed star (a new lesion). */
const star = (x: number, y: number, r: number) =>
  Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? r : r * 0.45;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return `${(x + radius * Math.cos(angle)).toFixed(1)},${(y + radius * Math.sin(angle)).toFixed(1)}`;
  }).join(" ");

const AGENT_COLOURS = { zoledronicAcid: "#4db6ac", denosumab: "#9575cd" } as const;

/** Each meaning has its own shape as well as its colour (WCAG 1.4.1: not colour alone). */
export function MarkerShape({ marker, x, y }: { marker: Marker; x: number; y: number }) {
  const c = COLOURS[marker];
  const r = 9;
  switch (marker) {
    case "dose":
      return <rect x={x - 2} y={y - 12} width={4} height={24} fill={c} />;
    case "planItemOpen":
      return (
        <rect
          x={x - r}
          y={y - r}
          width={2 * r}
          height={2 * r}
          fill="#fff"
          stroke={c}
          strokeWidth={3}
        />
      );
    case "planItemDone":
      return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill={c} />;
    case "planItemCancelled":
      return (
        <g stroke={c} strokeWidth={3}>
          <rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill="#fff" />
          <line x1={x - r} y1={y - r} x2={x + r} y2={y + r} />
          <line x1={x - r} y1={y + r} x2={x + r} y2={y - r} />
        </g>
      );
    case "skeletalPlanned":
      return <circle cx={x} cy={y} r={r} fill={c} />;
    case "skeletalEmergency":
      return (
        <polygon
          points={`${x},${y - r - 2} ${x + r + 2},${y + r} ${x - r - 2},${y + r}`}
          fill={c}
        />
      );
    case "meeting":
      return (
        <polygon
          points={`${x},${y - r} ${x + r},${y} ${x},${y + r} ${x - r},${y}`}
          fill="#fff"
          stroke={c}
          strokeWidth={3}
        />
      );
    case "decision":
      return (
        <polygon points={`${x},${y - r} ${x + r},${y} ${x},${y + r} ${x - r},${y}`} fill={c} />
      );
    case "imaging":
      return (
        <g stroke={c} strokeWidth={4}>
          <line x1={x - r} y1={y} x2={x + r} y2={y} />
          <line x1={x} y1={y - r} x2={x} y2={y + r} />
        </g>
      );
    // Responses: shapes unlike the other lanes' (a legend entry each), colours by tone.
    case "responseNew":
      return <polygon points={star(x, y, r + 3)} fill={c} />;
    case "responseProgression":
      return <polygon points={arrow(x, y, r + 1, -1)} fill={c} />;
    case "responsePartial":
      return <polygon points={arrow(x, y, r + 1, 1)} fill={c} />;
    case "responseStable":
      return <rect x={x - r - 1} y={y - 4} width={2 * r + 2} height={8} fill={c} />;
    case "responseComplete":
      return (
        <polyline
          points={`${x - r},${y} ${x - 3},${y + r - 2} ${x + r},${y - r + 1}`}
          fill="none"
          stroke={c}
          strokeWidth={5}
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      );
    case "responseSclerotic":
      return <circle cx={x} cy={y} r={r - 1} fill="#fff" stroke={c} strokeWidth={5} />;
  }
}

/**
 * A name on at most two lines of `max` characters: split before its side (", côté gauche") when
 * both halves fit, else word by word, the second line cut with an ellipsis.
 */
export function twoLines(text: string, max: number): [string, string] {
  if (text.length <= max) return [text, ""];
  const comma = text.lastIndexOf(", ");
  if (comma > 0 && comma <= max && text.length - comma - 2 <= max)
    return [`${text.slice(0, comma)},`, text.slice(comma + 2)];
  const words = text.split(" ");
  let first = "";
  let i = 0;
  for (; i < words.length; i++) {
    const next = first ? `${first} ${words[i]}` : (words[i] ?? "");
    if (next.length > max && first) break;
    first = next;
  }
  const rest = words.slice(i).join(" ");
  return [first, rest.length > max ? `${rest.slice(0, max - 1)}…` : rest];
}

const MARKERS: Marker[] = [
  "dose",
  "planItemOpen",
  "planItemDone",
  "planItemCancelled",
  "skeletalPlanned",
  "skeletalEmergency",
  "meeting",
  "decision",
  "imaging",
];
const RESPONSE_ORDER = LesionResponseSchema.options;

const asDate = (iso: string) => new Date(toEpochDay(iso) * 86_400_000);
const isoOf = (d: Date) => d.toISOString().slice(0, 10);
const skeletalKind = (k: unknown) => SKELETAL_EVENT_KINDS.find((s) => s === k);

export function PatientTimeline({ facts, fileName }: { facts: TimelineFacts; fileName: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { date } = useDates();
  const svg = useRef<SVGSVGElement>(null);

  // The span first (no stacking), then the label width in days at that scale.
  const span = timelineLayout(facts, 0);
  const days = Math.max(1, toEpochDay(span.to) - toEpochDay(span.from));
  const layout = timelineLayout(facts, (LABEL_PX * days) / PLOT);
  const x = scaleUtc({ domain: [asDate(layout.from), asDate(layout.to)], range: [0, PLOT] });
  const px = (iso: string) => x(asDate(iso)) ?? 0;

  // A lesion as on its board: "2. Fémur – col fémoral, côté gauche".
  const lesionName = (number: unknown, siteId: unknown, side: unknown): string => {
    const site = findSite(String(siteId));
    const s = SideSchema.safeParse(side);
    const name = site && s.success ? label(siteLabel(site, s.data)) : String(siteId);
    return t("timeline.lesionName", { number, name });
  };
  const rowName = (r: LesionRow): string =>
    r.kind === "lesion"
      ? lesionName(r.number, r.siteId, r.side)
      : t("timeline.moreLesions", { count: r.count });

  const pointText = (p: TimelinePoint): string => {
    const v = p.label.values;
    switch (p.marker) {
      case "responseNew":
      case "responseProgression":
      case "responseStable":
      case "responsePartial":
      case "responseComplete":
      case "responseSclerotic": {
        const modality = ImagingModalitySchema.safeParse(v.modality);
        const response = LesionResponseSchema.safeParse(v.response);
        return t("timeline.items.response", {
          lesion: lesionName(v.lesion, v.siteId, v.side),
          modality: modality.success ? label(IMAGING_MODALITY_LABELS[modality.data]) : "",
          response: response.success ? label(LESION_RESPONSE_LABELS[response.data]) : "",
        });
      }
      case "dose":
        return date(p.date);
      case "planItemOpen":
      case "planItemDone":
      case "planItemCancelled": {
        const action = LOCAL_TREATMENTS[String(v.action) as keyof typeof LOCAL_TREATMENTS];
        return `${action ? label(action.label) : String(v.action)} (${t(`timeline.items.${p.marker}`)})`;
      }
      case "skeletalPlanned":
      case "skeletalEmergency": {
        const kind = skeletalKind(v.kind);
        return kind ? label(SKELETAL_EVENT_LABELS[kind]) : String(v.kind);
      }
      case "decision":
        return t("timeline.items.decision", { version: v.version });
      case "meeting":
      case "imaging":
        return t(`timeline.items.${p.marker}`);
    }
  };

  const sameDay = new Map<string, TimelinePoint[]>();
  for (const p of layout.lanes.find((l) => l.id === "imaging")?.items ?? []) {
    if (p.type !== "point" || p.label.key !== "response") continue;
    const key = `imaging-${p.row}-${p.date}`;
    sameDay.set(key, [...(sameDay.get(key) ?? []), p]);
  }

  let y = 0;
  const lanes = layout.lanes.map((lane) => {
    const top = y;
    const height = lane.rows * ROW + 2 * LANE_PAD;
    y += height;
    return { lane, top, height };
  });
  const height = y + AXIS;

  const download = (blob: Blob, ext: string) => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${fileName}.${ext}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const serialized = () => {
    const el = svg.current;
    return el ? new XMLSerializer().serializeToString(el) : "";
  };
  const exportSvg = () =>
    download(new Blob([serialized()], { type: "image/svg+xml;charset=utf-8" }), "svg");
  // The page's CSP allows data: images (server/app.ts img-src), not blob:.
  const exportPng = () => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = WIDTH * 1.2;
      canvas.height = height * 1.2;
      const g = canvas.getContext("2d");
      if (!g) return;
      g.fillStyle = "#fff";
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((b) => (b ? download(b, "png") : undefined), "image/png");
    };
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(serialized())}`;
  };

  if (layout.empty) return <p className="empty-timeline">{t("timeline.empty")}</p>;

  const legend: ReactNode[] = [
    ...(["zoledronicAcid", "denosumab"] as const).map((a) => (
      <li key={a}>
        <svg width="36" height="18" aria-hidden="true">
          <rect width="36" height="18" fill={AGENT_COLOURS[a]} />
        </svg>{" "}
        {label(BTA_AGENT_LABELS[a])}
      </li>
    )),
    <li key="pause">
      <svg width="36" height="18" aria-hidden="true">
        <rect
          x="1"
          y="1"
          width="34"
          height="16"
          fill="#fff"
          stroke="#555"
          strokeDasharray="5 3"
          strokeWidth="2"
        />
      </svg>{" "}
      {t("timeline.legend.pause")}
    </li>,
    ...MARKERS.map((m) => (
      <li key={m}>
        <svg width="28" height="28" aria-hidden="true">
          <MarkerShape marker={m} x={14} y={14} />
        </svg>{" "}
        {t(`timeline.legend.${m}`)}
      </li>
    )),
    ...RESPONSE_ORDER.map((r) => (
      <li key={r}>
        <svg width="28" height="28" aria-hidden="true">
          <MarkerShape marker={RESPONSE_MARKERS[r]} x={14} y={14} />
        </svg>{" "}
        {t("timeline.legend.response", { response: label(LESION_RESPONSE_LABELS[r]) })}
      </li>
    )),
  ];

  return (
    <figure className="timeline">
      <div className="toolbar">
        <button type="button" onClick={exportSvg}>
          {t("timeline.exportSvg")}
        </button>
        <button type="button" onClick={exportPng}>
          {t("timeline.exportPng")}
        </button>
      </div>
      <svg
        ref={svg}
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-labelledby="timeline-title"
        fontFamily="system-ui, sans-serif"
        fontSize={FONT}
      >
        <title id="timeline-title">{t("timeline.title")}</title>
        <rect width={WIDTH} height={height} fill="#fff" />
        {lanes.map(({ lane, top, height: h }, i) => (
          <Group key={lane.id} top={top} data-lane={lane.id}>
            <rect width={WIDTH} height={h} fill={i % 2 === 0 ? "#f5f5f5" : "#fff"} />
            {/* With lesion sub-rows, the lane's name sits beside its own rows (case imaging). */}
            <text
              x={12}
              y={
                lane.lesionRows.length === 0
                  ? h / 2
                  : LANE_PAD + ((lane.rows - lane.lesionRows.length) * ROW) / 2
              }
              dominantBaseline="middle"
              fontWeight="bold"
            >
              {t(`timeline.lanes.${lane.id}`)}
            </text>
            {lane.lesionRows.map((r) => {
              const name = rowName(r);
              const [first, second] = twoLines(name, ROW_LABEL_CHARS);
              const top = LANE_PAD + r.row * ROW;
              return (
                <g key={`row-${r.row}`} data-lesion-row={r.kind === "lesion" ? r.lesionId : "more"}>
                  <title>{name}</title>
                  <line x1={0} x2={WIDTH} y1={top} y2={top} stroke="#ddd" />
                  <text x={24} y={top + ROW / 2} fontSize={ROW_LABEL_FONT}>
                    <tspan x={24} dy={second ? "-0.35em" : "0.35em"}>
                      {first}
                    </tspan>
                    {second ? (
                      <tspan x={24} dy="1.15em">
                        {second}
                      </tspan>
                    ) : null}
                  </text>
                </g>
              );
            })}
            <Group left={LANE_LABEL} top={LANE_PAD}>
              {lane.items.map((item) => {
                if (item.type === "period") {
                  const x0 = px(item.from);
                  const w = Math.max(4, px(item.to) - x0);
                  const name = label(BTA_AGENT_LABELS[item.agent]);
                  const text = item.paused ? `${t("timeline.legend.pause")} (${name})` : name;
                  return (
                    <g
                      key={`${item.from}-${item.paused}`}
                      data-period={item.paused ? "pause" : item.agent}
                    >
                      <title>{`${text} : ${date(item.from)} – ${item.open ? t("timeline.ongoing") : date(item.to)}`}</title>
                      <rect
                        x={x0}
                        y={4}
                        width={w}
                        height={ROW - 8}
                        fill={item.paused ? "#fff" : AGENT_COLOURS[item.agent]}
                        stroke={item.paused ? "#555" : "none"}
                        strokeDasharray={item.paused ? "6 4" : undefined}
                        strokeWidth={2}
                      />
                      {w > text.length * 11 ? (
                        <text x={x0 + 8} y={ROW / 2} dominantBaseline="middle" fill="#111">
                          {text}
                        </text>
                      ) : null}
                    </g>
                  );
                }
                // Marks of one row on one day (the "+N" row, or two modalities the same day)
                // side by side rather than on top of each other.
                const same = sameDay.get(`${lane.id}-${item.row}-${item.date}`) ?? [];
                const nth = same.indexOf(item);
                const cx = px(item.date) + (nth < 0 ? 0 : (nth - (same.length - 1) / 2) * 24);
                const cy = item.row * ROW + ROW / 2;
                const text = pointText(item);
                return (
                  <g
                    key={`${item.marker}-${item.date}-${item.row}-${text}`}
                    data-marker={item.marker}
                  >
                    <title>{`${text} — ${date(item.date)}`}</title>
                    <MarkerShape marker={item.marker} x={cx} y={cy} />
                    {/* Doses are unlabelled ticks (their dates are in the tooltip); near the
                        right edge a label goes to the left of its mark. */}
                    {/* Responses are unlabelled too: the row names the lesion, the shape (legend)
                        the response, the tooltip all of it. */}
                    {item.marker === "dose" || item.label.key === "response" ? null : (
                      <text
                        x={cx + LABEL_PX > PLOT ? cx - 16 : cx + 16}
                        y={cy}
                        dominantBaseline="middle"
                        textAnchor={cx + LABEL_PX > PLOT ? "end" : "start"}
                      >
                        {text}
                      </text>
                    )}
                  </g>
                );
              })}
            </Group>
          </Group>
        ))}
        <line
          x1={LANE_LABEL + px(facts.today)}
          x2={LANE_LABEL + px(facts.today)}
          y1={0}
          y2={y}
          stroke="#000"
          strokeDasharray="4 4"
        />
        <AxisBottom
          top={y}
          left={LANE_LABEL}
          scale={x}
          numTicks={6}
          tickFormat={(d) => date(isoOf(d instanceof Date ? d : new Date(Number(d))))}
          tickLabelProps={() => ({ fontSize: FONT - 2, textAnchor: "middle", fill: "#111" })}
        />
      </svg>
      <figcaption>
        <ul className="timeline-legend" aria-label={t("timeline.legend.title")}>
          {legend}
        </ul>
        <p className="muted">{t("timeline.today", { date: date(facts.today) })}</p>
      </figcaption>
    </figure>
  );
}
