// The skeletal lesion map ("cartographie des lésions osseuses"): anterior and posterior views
// drawn from the catalogue geometry (400 × 1000 viewBox), one marker per lesion coloured and
// shaped by its worst risk. Clicking a bone proposes a lesion there; clicking a marker opens it.
// A region zoom (decision 074) shows one view of one region large enough that every bone is a
// 24×24 px target at 1366×768; there the bones take keyboard focus too.
import { type KeyboardEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BoardLesion } from "../../domain/board/schema";
import type { RiskLevel } from "../../domain/common";
import {
  allowedSides,
  bodyOutline,
  ellipseBounds,
  ellipsePath,
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
import { findRegion, inRegion, MAP_REGIONS, type MapRegion } from "./mapRegions";
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
  /** The clickable outline: the bone, widened for slender bones (see HIT_MIN_HALF_WIDTH). */
  hitPath: string;
  hitBox: { x: number; y: number; width: number; height: number };
}

/**
 * Forearm bones, the fibula and the diaphyses are drawn 7–15 units wide; their hit outline is at
 * least 18 units wide (9 each side), which still stays clear of the neighbouring bone (radius and
 * ulna, tibia and fibula are about 20 units apart), so the zoomed regions make them 24 px wide.
 */
const HIT_MIN_HALF_WIDTH = 9;

function slender(site: SkeletonSite): boolean {
  return (
    site.bone === "radius" ||
    site.bone === "ulna" ||
    site.bone === "fibula" ||
    site.id.endsWith(".diaphysis")
  );
}

function hitShape(site: SkeletonSite, shape: SiteShape): SiteShape {
  if (!slender(site)) return shape;
  const widen = (r: number, other: number) => (r <= other ? Math.max(r, HIT_MIN_HALF_WIDTH) : r);
  return { ...shape, rx: widen(shape.rx, shape.ry), ry: widen(shape.ry, shape.rx) };
}

// Occluded bones first (underneath), then large before small so a femoral neck stays clickable
// inside the larger outlines around it.
function drawOrder(view: SkeletonView): DrawnSite[] {
  const drawn: DrawnSite[] = [];
  for (const site of SKELETON_SITES) {
    for (const side of allowedSides(site)) {
      const shape = site.geometry[view][side];
      if (!shape) continue;
      const hit = hitShape(site, shape);
      drawn.push({ site, side, shape, hitPath: ellipsePath(hit), hitBox: ellipseBounds(hit) });
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

function View({
  view,
  region,
  ...props
}: SkeletonMapProps & { view: SkeletonView; region?: MapRegion }) {
  const { t } = useTranslation();
  const label = useLabel();
  const outline = bodyOutline(view);
  const rightOnLeft = patientRightOnViewerLeft(view);
  // Several lesions on one site and side: spread their markers sideways.
  const slot = new Map<string, number>();
  const editable = props.onSiteClick !== undefined;
  // "D" and "G" stay in the corners of a zoomed region too, at the same size on screen.
  const frame = region?.box ?? { x: 0, y: 0, width: VIEWBOX.width, height: VIEWBOX.height };
  const unit = frame.height / VIEWBOX.height;
  const letters = {
    left: frame.x + 12 * unit,
    right: frame.x + frame.width - 12 * unit,
    y: frame.y + 40 * unit,
    size: 30 * unit,
  };
  return (
    <figure className={region ? "skeleton-view zoomed" : "skeleton-view"}>
      <figcaption>
        {t(`board.map.${view}`)}
        {region ? ` — ${t(`board.map.regions.${region.id}`)}` : ""}
      </figcaption>
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG drawing cannot be a <fieldset>; it groups the view's markers. */}
      <svg
        viewBox={
          region
            ? `${region.box.x} ${region.box.y} ${region.box.width} ${region.box.height}`
            : VIEWBOX_ATTRIBUTE
        }
        role="group"
        aria-label={t(`board.map.${view}`)}
        className={editable ? "skeleton editable" : "skeleton"}
        data-view={view}
      >
        <path d={outline.head} className="body-outline" />
        <path d={outline.body} className="body-outline" />
        <g className="sites">
          {DRAW_ORDER[view].map(({ site, side, shape, hitPath, hitBox }) => {
            const name = label(siteLabel(site, side));
            const add = () => props.onSiteClick?.(site.id, side);
            // In a region the bones are large targets and take keyboard focus; on the whole
            // skeleton the keyboard path is the "Add a lesion" dialog (300 tab stops otherwise).
            const focusable = editable && region !== undefined && inRegion(region, hitBox);
            return (
              <g
                key={`${site.id}:${side}`}
                className={shape.occluded ? "site-group occluded" : "site-group"}
              >
                <path d={shape.path} className={shape.occluded ? "site occluded" : "site"} />
                {/* biome-ignore lint/a11y/noStaticElementInteractions: SVG cannot hold a <button>; in a region the outline is role=button with tabIndex and Enter/Space, on the whole skeleton a pointer shortcut to the "Add a lesion" dialog. */}
                <path
                  d={hitPath}
                  className="site-hit"
                  data-site={site.id}
                  data-side={side}
                  role={focusable ? "button" : undefined}
                  tabIndex={focusable ? 0 : undefined}
                  aria-label={focusable ? t("board.map.siteLabel", { site: name }) : undefined}
                  onClick={editable ? add : undefined}
                  onKeyDown={focusable ? (e) => activate(e, add) : undefined}
                >
                  <title>{name}</title>
                </path>
              </g>
            );
          })}
        </g>
        {/* Drawn over the bones (a zoomed region has bones in its corners), never clickable. */}
        <text
          x={letters.left}
          y={letters.y}
          className="side-letter"
          fontSize={letters.size}
          textAnchor="start"
        >
          {rightOnLeft ? t("board.map.rightLetter") : t("board.map.leftLetter")}
        </text>
        <text
          x={letters.right}
          y={letters.y}
          className="side-letter"
          fontSize={letters.size}
          textAnchor="end"
        >
          {rightOnLeft ? t("board.map.leftLetter") : t("board.map.rightLetter")}
        </text>
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
            const focusable = region ? region.view === view : focusView(lesion) === view;
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
  const { t } = useTranslation();
  const [regionId, setRegionId] = useState<string | null>(null);
  const [viewChoice, setViewChoice] = useState<SkeletonView | null>(null);
  const region = findRegion(regionId);
  const view = viewChoice ?? region?.view ?? "anterior";
  return (
    <div className="skeleton-map-wrap">
      <div className="map-zoom">
        <label htmlFor="map-region">{t("board.map.zoom")}</label>
        <select
          id="map-region"
          value={regionId ?? ""}
          onChange={(e) => {
            setRegionId(e.target.value === "" ? null : e.target.value);
            setViewChoice(null);
          }}
        >
          <option value="">{t("board.map.whole")}</option>
          {MAP_REGIONS.map((r) => (
            <option key={r.id} value={r.id}>
              {t(`board.map.regions.${r.id}`)}
            </option>
          ))}
        </select>
        {region ? (
          <button
            type="button"
            className="secondary small"
            data-flip-view="true"
            onClick={() => setViewChoice(view === "anterior" ? "posterior" : "anterior")}
          >
            ⇄ {t(`board.map.${view === "anterior" ? "posterior" : "anterior"}`)}
          </button>
        ) : null}
      </div>
      <div className="skeleton-map">
        {region ? (
          <View key={view} view={view} region={region} {...props} />
        ) : (
          SKELETON_VIEWS.map((v) => <View key={v} view={v} {...props} />)
        )}
      </div>
    </div>
  );
}
