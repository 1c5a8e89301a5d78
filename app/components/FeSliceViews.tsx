// Three orthogonal slice views of the analysed CT in the FE analysis form (issue 13 §3, decision
// 088): a slider per view for the slice, a click on a view places the lesion sphere's centre (the
// centre of the voxel clicked, in mm) and moves the two other views onto it; the sphere is drawn
// where it cuts each slice. The millimetre fields of the form stay the reference: the views only
// fill them, and the keyboard reaches everything through the sliders and the fields.
import { type MouseEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  CT_SLICE_AXES,
  type CtSliceAxis,
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

export function FeSliceViews({
  patientId,
  series,
  centre_mm,
  radius_mm,
  onPickCentre,
}: {
  patientId: number;
  series: SliceSeries;
  /** The sphere's centre and radius as the form's fields hold them now, when they hold numbers. */
  centre_mm: Vec3 | null;
  radius_mm: number | null;
  onPickCentre: (centre_mm: Vec3) => void;
}) {
  const { t, i18n } = useTranslation();
  // Slice indices along i, j, k; the views open on the middle of the series.
  const [at, setAt] = useState<Vec3>(() => middle(series.size));
  const [picked, setPicked] = useState<Vec3 | null>(null);
  const mm = (v: number) => v.toLocaleString(i18n.language, { maximumFractionDigits: 2 });

  const pick = (axis: CtSliceAxis, event: MouseEvent<HTMLDivElement>) => {
    const { width, height } = viewGeometry(series.size, series.spacing, axis);
    const box = event.currentTarget.getBoundingClientRect();
    const x = Math.floor(((event.clientX - box.left) / box.width) * width);
    const y = Math.floor(((event.clientY - box.top) / box.height) * height);
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
          const sliderId = `fe-slice-${axis}`;
          return (
            <figure key={axis} className="fe-slice" data-axis={axis}>
              <figcaption>
                <label htmlFor={sliderId}>
                  {t("fe.slices.index", { view, k: index + 1, n: g.count })}
                </label>
              </figcaption>
              {/* A pointer shortcut: the same centre is typed in the mm fields below (keyboard). */}
              {/* biome-ignore lint/a11y/useKeyWithClickEvents: the mm fields are the keyboard's way */}
              {/* biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut, as above */}
              <div
                className="fe-slice-image"
                style={{
                  aspectRatio: `${g.width * g.pixel_mm[0]} / ${g.height * g.pixel_mm[1]}`,
                }}
                onClick={(event) => pick(axis, event)}
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
                  {mark ? (
                    <path
                      className="fe-centre"
                      d={`M ${mark.cx - arm} ${mark.cy} H ${mark.cx + arm} M ${mark.cx} ${mark.cy - arm} V ${mark.cy + arm}`}
                      vectorEffect="non-scaling-stroke"
                    />
                  ) : null}
                </svg>
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
