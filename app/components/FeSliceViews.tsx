// Three orthogonal slice views of the analysed CT in the FE analysis form (issue 13 §3, decision
// 088): a slider per view for the slice, a click on a view places the lesion sphere's centre (the
// centre of the voxel clicked, in mm) and moves the two other views onto it; the sphere is drawn
// where it cuts each slice. A rectangle dragged on a view sets the region of interest's two axes of
// that view (decision 121); the box is drawn on all three. The millimetre fields of the form stay
// the reference: the views only fill them, and the keyboard reaches everything through the
// sliders and the fields. The analysis axis the server proposes for the site and box (decision
// 127) is drawn on the coronal and sagittal views, dashed, and the axis turned by the form's two
// tilt fields solid, redrawn as they are typed. A handle at the upper end of the solid axis turns
// it on the view (decision 135): dragged (mouse, touch or pen: pointer events) or moved by the
// arrow keys, it writes the tilt field of its view, which stays the one state.
import { type KeyboardEvent, type PointerEvent, type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  axisHandleOnView,
  stepTilt,
  TILT_OF_VIEW,
  type TiltView,
  tiltAtViewPoint,
} from "../domain/fe/axisHandle";
import {
  type AxisTilt,
  MAX_TILT_DEG,
  type ProposedAxis,
  ProposedAxisSchema,
  tiltVector,
} from "../domain/fe/axisTilt";
import { boxOutsideVolume, RegionBoxSchema } from "../domain/fe/regionBox";
import {
  axisOnView,
  type BoxMm,
  boxOnView,
  CT_SLICE_AXES,
  type CtSliceAxis,
  dragBox,
  pointOnView,
  sphereOnView,
  type Vec3,
  viewGeometry,
  voxelCentre_mm,
  voxelOf_mm,
  voxelOfPixel,
} from "../domain/fe/sliceViews";

export interface SliceSeries {
  id: number;
  size: Vec3;
  spacing: Vec3;
}

/** The axis whose index each view's slider moves (axial: k, coronal: j, sagittal: i). */
const NORMAL: Record<CtSliceAxis, 0 | 1 | 2> = { axial: 2, coronal: 1, sagittal: 0 };

const middle = (size: Vec3): Vec3 => size.map((n) => Math.floor(n / 2)) as Vec3;

/**
 * Below this pointer travel (screen pixels) a press is a click (the lesion centre), above it a
 * drag (the region): a hand's jitter on a click stays under a few pixels.
 */
const DRAG_PX = 6;

interface Drag {
  axis: CtSliceAxis;
  /** Screen point of the press, and image points (continuous pixels) of the press and now. */
  screen: { x: number; y: number };
  from: { x: number; y: number };
  to: { x: number; y: number };
}

export function FeSliceViews({
  patientId,
  series,
  centre_mm,
  radius_mm,
  onPickCentre,
  box,
  onBox,
  site,
  tilt,
  onTilt,
  axisFields,
}: {
  patientId: number;
  series: SliceSeries;
  /** The sphere's centre and radius as the form's fields hold them now, when they hold numbers. */
  centre_mm: Vec3 | null;
  radius_mm: number | null;
  onPickCentre: (centre_mm: Vec3) => void;
  /** The region of interest as the form's fields hold it, or null (the whole volume). */
  box: BoxMm | null;
  onBox: (box: BoxMm) => void;
  /** The form's site, or "" while none is chosen (the axis depends on it: region.ts frame rule). */
  site: string;
  /** The form's tilt, 0° for a blank field; null while a field holds no valid angle. */
  tilt: AxisTilt | null;
  /** Writes the tilt field of a view (the handle dragged or moved by the keys on that view). */
  onTilt: (view: TiltView, deg: number) => void;
  /** The form's tilt fields, shown above the views so the axis is seen turning as they are typed. */
  axisFields: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  // Slice indices along i, j, k; the views open on the middle of the series.
  const [at, setAt] = useState<Vec3>(() => middle(series.size));
  const [picked, setPicked] = useState<Vec3 | null>(null);
  const mm = (v: number) => v.toLocaleString(i18n.language, { maximumFractionDigits: 2 });

  const [drag, setDrag] = useState<Drag | null>(null);

  // The proposed axis for this series, site and box; refetched when one of them changes.
  const region = box ? [...box.min_mm, ...box.max_mm].join(",") : "";
  // A box the server would refuse (a side under 10 mm or outside the volume, mid-typing) is not sent: no 400 per key.
  const boxValid =
    box === null ||
    (RegionBoxSchema.safeParse(box).success &&
      boxOutsideVolume(box, series.size, series.spacing).length === 0);
  const [proposal, setProposal] = useState<
    | { state: "none" }
    | { state: "loading" }
    | { state: "ready"; axis: ProposedAxis }
    | { state: "failed" }
    | { state: "badBox" }
  >({ state: "none" });
  useEffect(() => {
    if (site === "") {
      setProposal({ state: "none" });
      return;
    }
    if (!boxValid) {
      setProposal({ state: "badBox" });
      return;
    }
    const controller = new AbortController();
    setProposal({ state: "loading" });
    const query = new URLSearchParams({ site, ...(region ? { region } : {}) });
    fetch(`/patients/${patientId}/ct/${series.id}/axis?${query}`, { signal: controller.signal })
      .then(async (res) => {
        const parsed = ProposedAxisSchema.safeParse(
          res.ok ? ((await res.json()) as { axis?: unknown }).axis : null,
        );
        setProposal(parsed.success ? { state: "ready", axis: parsed.data } : { state: "failed" });
      })
      .catch((error: unknown) => {
        if (!(error instanceof DOMException && error.name === "AbortError"))
          setProposal({ state: "failed" });
      });
    return () => controller.abort();
  }, [patientId, series.id, site, region, boxValid]);
  const principal = proposal.state === "ready" ? proposal.axis : null;
  const analysed =
    principal && tilt ? { ...principal, direction: tiltVector(principal.direction, tilt) } : null;
  const tilted =
    analysed !== null && tilt !== null && (tilt.coronal_deg !== 0 || tilt.sagittal_deg !== 0);

  /** The continuous image point (pixels) under the pointer, on the view's image element. */
  const imagePointIn = (axis: CtSliceAxis, image: Element, event: PointerEvent<Element>) => {
    const { width, height } = viewGeometry(series.size, series.spacing, axis);
    const rect = image.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * width,
      y: ((event.clientY - rect.top) / rect.height) * height,
    };
  };
  const imagePoint = (axis: CtSliceAxis, event: PointerEvent<HTMLDivElement>) =>
    imagePointIn(axis, event.currentTarget, event);

  // The axis handle: the pointer is captured on press, so the drag goes on outside the handle
  // (and outside the image); its own events do not reach the image's click and box drag.
  const turnTo = (view: TiltView, event: PointerEvent<HTMLDivElement>) => {
    const image = event.currentTarget.parentElement;
    if (!principal || !tilt || !image) return;
    const deg = tiltAtViewPoint(
      principal,
      tilt,
      series.size,
      series.spacing,
      view,
      imagePointIn(view, image, event),
    );
    if (deg !== null && deg !== tilt[TILT_OF_VIEW[view]]) onTilt(view, deg);
  };
  const grab = (event: PointerEvent<HTMLDivElement>) => {
    event.stopPropagation();
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus();
  };
  const turn = (view: TiltView, event: PointerEvent<HTMLDivElement>) => {
    event.stopPropagation();
    if (event.currentTarget.hasPointerCapture(event.pointerId)) turnTo(view, event);
  };
  const turnByKey = (view: TiltView, event: KeyboardEvent<HTMLDivElement>) => {
    // Right or up turns the upper end to the right (positive, axisTilt.ts), as a slider's keys.
    const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[event.key];
    if (!tilt || (step !== 1 && step !== -1)) return;
    event.preventDefault();
    onTilt(view, stepTilt(tilt[TILT_OF_VIEW[view]], step));
  };

  const press = (axis: CtSliceAxis, event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const p = imagePoint(axis, event);
    setDrag({ axis, screen: { x: event.clientX, y: event.clientY }, from: p, to: p });
  };

  const move = (axis: CtSliceAxis, event: PointerEvent<HTMLDivElement>) => {
    if (drag?.axis !== axis) return;
    setDrag({ ...drag, to: imagePoint(axis, event) });
  };

  const release = (axis: CtSliceAxis, event: PointerEvent<HTMLDivElement>) => {
    if (drag?.axis !== axis) return;
    setDrag(null);
    const travel = Math.hypot(event.clientX - drag.screen.x, event.clientY - drag.screen.y);
    const to = imagePoint(axis, event);
    if (travel >= DRAG_PX) onBox(dragBox(box, series.size, series.spacing, axis, drag.from, to));
    else pick(axis, Math.floor(to.x), Math.floor(to.y));
  };

  const pick = (axis: CtSliceAxis, x: number, y: number) => {
    const { width, height } = viewGeometry(series.size, series.spacing, axis);
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const voxel = voxelOfPixel(series.size, axis, at[NORMAL[axis]], x, y);
    const centre = voxelCentre_mm(voxel, series.spacing);
    setAt(voxelOf_mm(centre, series.size, series.spacing));
    setPicked(centre);
    onPickCentre(centre);
  };

  return (
    <fieldset className="fe-slices">
      <legend>{t("fe.slices.title")}</legend>
      <p className="muted small">{t("fe.slices.hint")}</p>
      {axisFields}
      <p className="fe-axis-status small" role="status">
        {proposal.state === "none"
          ? t("fe.axis.chooseSite")
          : proposal.state === "loading"
            ? t("fe.axis.loading")
            : proposal.state === "failed"
              ? t("fe.axis.failed")
              : proposal.state === "badBox"
                ? t("fe.axis.badBox")
                : tilt === null
                  ? t("fe.axis.badTilt", { max: MAX_TILT_DEG })
                  : tilted && tilt
                    ? t("fe.axis.tilted", {
                        coronal: mm(tilt.coronal_deg),
                        sagittal: mm(tilt.sagittal_deg),
                      })
                    : t("fe.axis.principal")}
      </p>
      <div className="fe-slice-grid">
        {CT_SLICE_AXES.map((axis) => {
          const g = viewGeometry(series.size, series.spacing, axis);
          const normal = NORMAL[axis];
          const index = at[normal];
          const view = t(`fe.slices.${axis}`);
          const cut =
            centre_mm && radius_mm
              ? sphereOnView({ centre_mm, radius_mm }, series.size, series.spacing, axis, index)
              : null;
          // The centre as a cross on every view (a sphere not yet given its radius still shows).
          const mark = centre_mm ? pointOnView(centre_mm, series.size, series.spacing, axis) : null;
          const arm = Math.max(g.width, g.height) / 40;
          const rect = box ? boxOnView(box, series.size, series.spacing, axis) : null;
          const draft =
            drag?.axis === axis
              ? {
                  x: Math.min(drag.from.x, drag.to.x),
                  y: Math.min(drag.from.y, drag.to.y),
                  width: Math.abs(drag.to.x - drag.from.x),
                  height: Math.abs(drag.to.y - drag.from.y),
                }
              : null;
          const sliderId = `fe-slice-${axis}`;
          return (
            <figure key={axis} className="fe-slice" data-axis={axis}>
              <figcaption>
                <label htmlFor={sliderId}>
                  {t("fe.slices.index", { view, k: index + 1, n: g.count })}
                </label>
              </figcaption>
              {/* A pointer shortcut: the same centre and box are typed in the mm fields (keyboard). */}
              <div
                className="fe-slice-image"
                style={{
                  aspectRatio: `${g.width * g.pixel_mm[0]} / ${g.height * g.pixel_mm[1]}`,
                }}
                onPointerDown={(event) => press(axis, event)}
                onPointerMove={(event) => move(axis, event)}
                onPointerUp={(event) => release(axis, event)}
                onPointerCancel={() => setDrag(null)}
              >
                <img
                  src={`/patients/${patientId}/ct/${series.id}/slice?axis=${axis}&index=${index}`}
                  alt={t("fe.slices.imageAlt", { view, k: index + 1, id: series.id })}
                  draggable={false}
                />
                <svg
                  viewBox={`0 0 ${g.width} ${g.height}`}
                  preserveAspectRatio="none"
                  aria-hidden="true"
                >
                  {rect ? (
                    <rect className="fe-box" {...rect} vectorEffect="non-scaling-stroke" />
                  ) : null}
                  {draft ? (
                    <rect className="fe-box-draft" {...draft} vectorEffect="non-scaling-stroke" />
                  ) : null}
                  {cut ? (
                    <ellipse
                      className="fe-sphere"
                      cx={cut.cx}
                      cy={cut.cy}
                      rx={cut.rx}
                      ry={cut.ry}
                      vectorEffect="non-scaling-stroke"
                    />
                  ) : null}
                  {principal && axis !== "axial" && (tilted || tilt === null) ? (
                    <line
                      className="fe-axis-principal"
                      {...axisOnView(principal, series.size, series.spacing, axis)}
                      vectorEffect="non-scaling-stroke"
                    />
                  ) : null}
                  {analysed && axis !== "axial" ? (
                    <line
                      className="fe-axis"
                      {...axisOnView(analysed, series.size, series.spacing, axis)}
                      vectorEffect="non-scaling-stroke"
                    />
                  ) : null}
                  {mark ? (
                    <path
                      className="fe-centre"
                      d={`M ${mark.cx - arm} ${mark.cy} H ${mark.cx + arm} M ${mark.cx} ${mark.cy - arm} V ${mark.cy + arm}`}
                      vectorEffect="non-scaling-stroke"
                    />
                  ) : null}
                </svg>
                {principal && analysed && tilt && axis !== "axial" ? (
                  <AxisHandle
                    at={axisHandleOnView(principal, tilt, series.size, series.spacing, axis)}
                    width={g.width}
                    height={g.height}
                    view={axis}
                    deg={tilt[TILT_OF_VIEW[axis]]}
                    onPointerDown={grab}
                    onPointerMove={(event) => turn(axis, event)}
                    onPointerUp={(event) => turn(axis, event)}
                    onKeyDown={(event) => turnByKey(axis, event)}
                  />
                ) : null}
              </div>
              <input
                id={sliderId}
                type="range"
                min={0}
                max={g.count - 1}
                step={1}
                value={index}
                onChange={(event) => {
                  const next = [...at] as Vec3;
                  next[normal] = Number(event.target.value);
                  setAt(next);
                }}
              />
            </figure>
          );
        })}
      </div>
      {picked ? (
        <p role="status" className="small">
          {t("fe.slices.centreSet", { x: mm(picked[0]), y: mm(picked[1]), z: mm(picked[2]) })}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The handle at the axis's upper end: 32 px across (a 24 px target at least, WCAG 2.2 2.5.8). */
function AxisHandle({
  at,
  width,
  height,
  view,
  deg,
  onPointerDown,
  onPointerMove,
  onPointerUp,
  onKeyDown,
}: {
  at: { cx: number; cy: number };
  width: number;
  height: number;
  view: TiltView;
  deg: number;
  onPointerDown: (event: PointerEvent<HTMLDivElement>) => void;
  onPointerMove: (event: PointerEvent<HTMLDivElement>) => void;
  onPointerUp: (event: PointerEvent<HTMLDivElement>) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
}) {
  const { t, i18n } = useTranslation();
  const value = deg.toLocaleString(i18n.language, { maximumFractionDigits: 2 });
  return (
    // A slider (WAI-ARIA APG "Slider" pattern): focusable, arrow keys, its value spoken in degrees.
    <div
      className="fe-axis-handle"
      data-view={view}
      role="slider"
      tabIndex={0}
      aria-label={t(`fe.axis.handle.${view}`)}
      aria-orientation="horizontal"
      aria-valuemin={-MAX_TILT_DEG}
      aria-valuemax={MAX_TILT_DEG}
      aria-valuenow={deg}
      aria-valuetext={t("fe.axis.handle.value", { deg: value })}
      style={{ left: `${(at.cx / width) * 100}%`, top: `${(at.cy / height) * 100}%` }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={(event) => event.stopPropagation()}
      onKeyDown={onKeyDown}
    />
  );
}
