// The skeletal lesion map ("cartographie des lésions osseuses"): anterior and posterior views
// drawn from the catalogue geometry (400 × 1000 viewBox), one marker per lesion coloured and
// shaped by its worst risk. Clicking a bone proposes a lesion there; clicking a marker opens it.
import type { KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { BoardLesion } from "../../domain/board/schema";
import type { RiskLevel } from "../../domain/common";
import {
  allowedSides,
  bodyOutline,
  findSite,
  patientRightOnViewerLeft,
  type Side,
  type SiteShape,
  SKELETON_SITES,
  SKELETON_VIEWS,
  type SkeletonSite,
  type SkeletonView,
  siteLabel,
  VIEWBOX,
  VIEWBOX_ATTRIBUTE,
} from "../../domain/skeleton";
import { riskShapePath } from "./RiskMark";
import { useLabel } from "./useLabel";

export interface MapPeer {
  clientId: number;
  name: string;
  color: string;
}

export interface SkeletonMapProps {
  lesions: readonly BoardLesion[];
  /** Worst risk per lesion id (from lesionRiskSummary). */
  worst: ReadonlyMap<string, RiskLevel>;
  /** Lesion numbers shown in the markers (1, 2, 3… in board order). */
  numbers: ReadonlyMap<string, number>;
  openLesionId: string | null;
  onOpen: (lesionId: string) => void;
  /** Absent when the board is read-only. */
  onSiteClick?: (siteId: string, side: Side) => void;
  /** Who has each lesion open (small dots next to the marker). */
  viewers?: ReadonlyMap<string, MapPeer[]>;
}

interface DrawnSite {
  site: SkeletonSite;
  side: Side;
  shape: SiteShape;
}

// Occluded bones first (underneath), then large before small so a femoral neck stays clickable
// inside the larger outlines around it.
function drawOrder(view: SkeletonView): DrawnSite[] {
  const drawn: DrawnSite[] = [];
  for (const site of SKELETON_SITES) {
    for (const side of allowedSides(site)) {
      const shape = site.geometry[view][side];
      if (shape) drawn.push({ site, side, shape });
    }
  }
  return drawn.sort((a, b) =>
    a.shape.occluded !== b.shape.occluded
      ? a.shape.occluded
        ? -1
        : 1
      : b.shape.rx * b.shape.ry - a.shape.rx * a.shape.ry,
  );
}

const DRAW_ORDER: Record<SkeletonView, DrawnSite[]> = {
  anterior: drawOrder("anterior"),
  posterior: drawOrder("posterior"),
};

const MARKER_R = 15;

function activate(event: KeyboardEvent, action: () => void) {
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    action();
  }
}

/** The view where a lesion's marker takes keyboard focus: the first one where its bone shows. */
function focusView(lesion: BoardLesion): SkeletonView {
  const site = findSite(lesion.siteId);
  const anterior = site?.geometry.anterior[lesion.side];
  return anterior && !anterior.occluded ? "anterior" : "posterior";
}

function View({ view, ...props }: SkeletonMapProps & { view: SkeletonView }) {
  const { t } = useTranslation();
  const label = useLabel();
  const outline = bodyOutline(view);
  const rightOnLeft = patientRightOnViewerLeft(view);
  // Several lesions on one site and side: spread their markers sideways.
  const slot = new Map<string, number>();
  const editable = props.onSiteClick !== undefined;
  return (
    <figure className="skeleton-view">
      <figcaption>{t(`board.map.${view}`)}</figcaption>
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG drawing cannot be a <fieldset>; it groups the view's markers. */}
      <svg
        viewBox={VIEWBOX_ATTRIBUTE}
        role="group"
        aria-label={t(`board.map.${view}`)}
        className={editable ? "skeleton editable" : "skeleton"}
        data-view={view}
      >
        <path d={outline.head} className="body-outline" />
        <path d={outline.body} className="body-outline" />
        <text x={24} y={40} className="side-letter">
          {rightOnLeft ? t("board.map.rightLetter") : t("board.map.leftLetter")}
        </text>
        <text x={VIEWBOX.width - 24} y={40} className="side-letter">
          {rightOnLeft ? t("board.map.leftLetter") : t("board.map.rightLetter")}
        </text>
        <g className="sites">
          {DRAW_ORDER[view].map(({ site, side, shape }) => {
            const name = label(siteLabel(site, side));
            return (
              // biome-ignore lint/a11y/noStaticElementInteractions: pointer shortcut; the keyboard path is the "Add a lesion" dialog listing the same sites.
              <path
                key={`${site.id}:${side}`}
                d={shape.path}
                className={shape.occluded ? "site occluded" : "site"}
                data-site={site.id}
                data-side={side}
                onClick={editable ? () => props.onSiteClick?.(site.id, side) : undefined}
              >
                <title>{name}</title>
              </path>
            );
          })}
        </g>
        <g className="markers">
          {props.lesions.map((lesion) => {
            const site = findSite(lesion.siteId);
            const shape = site?.geometry[view][lesion.side];
            if (!site || !shape) return null;
            const key = `${lesion.siteId}:${lesion.side}`;
            const k = slot.get(key) ?? 0;
            slot.set(key, k + 1);
            const x = shape.anchor.x + k * (MARKER_R * 2.2);
            const y = shape.anchor.y;
            const level = props.worst.get(lesion.id) ?? "unknown";
            const number = props.numbers.get(lesion.id) ?? 0;
            const open = props.openLesionId === lesion.id;
            const focusable = focusView(lesion) === view;
            const viewers = props.viewers?.get(lesion.id) ?? [];
            const name = t("board.map.markerLabel", {
              number,
              site: label(siteLabel(site, lesion.side)),
              risk: t(`board.risk.${level}`),
            });
            return (
              // biome-ignore lint/a11y/useSemanticElements: SVG cannot hold a <button>; role, tabIndex and Enter/Space make the marker one.
              <g
                key={lesion.id}
                className={`marker risk-${level}${open ? " open" : ""}${shape.occluded ? " occluded" : ""}`}
                transform={`translate(${x} ${y})`}
                role="button"
                tabIndex={focusable ? 0 : -1}
                aria-hidden={focusable ? undefined : true}
                aria-label={name}
                aria-pressed={open}
                data-lesion-id={lesion.id}
                data-risk={level}
                onClick={() => props.onOpen(lesion.id)}
                onKeyDown={(e) => activate(e, () => props.onOpen(lesion.id))}
              >
                <title>{name}</title>
                {open ? <circle r={MARKER_R * 1.9} className="marker-ring" /> : null}
                <path d={riskShapePath(level, MARKER_R)} className="marker-shape" />
                <text className="marker-number" dy="0.35em" textAnchor="middle">
                  {number}
                </text>
                {viewers.slice(0, 4).map((v, i) => (
                  <circle
                    key={v.clientId}
                    cx={MARKER_R * 1.5 + i * 10}
                    cy={-MARKER_R * 1.3}
                    r={6}
                    fill={v.color}
                    className="viewer-dot"
                  />
                ))}
              </g>
            );
          })}
        </g>
      </svg>
    </figure>
  );
}

export function SkeletonMap(props: SkeletonMapProps) {
  return (
    <div className="skeleton-map">
      {SKELETON_VIEWS.map((view) => (
        <View key={view} view={view} {...props} />
      ))}
    </div>
  );
}
