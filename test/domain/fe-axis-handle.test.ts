// The handle that turns the analysis axis on the coronal and sagittal views (decisions 127, 135):
// the angle a drag point means, worked by hand in millimetres on a CT whose voxels are not cubes.
import { describe, expect, it } from "vitest";
import { axisHandleOnView, stepTilt, tiltAtViewPoint } from "../../app/domain/fe/axisHandle";
import { NO_TILT } from "../../app/domain/fe/axisTilt";
import type { Vec3 } from "../../app/domain/fe/sliceViews";

// 80 × 80 × 60 voxels of 0.5 × 0.5 × 2 mm (thin in-plane pixels, thick slices): 40 × 40 × 120 mm.
const size: Vec3 = [80, 80, 60];
const spacing: Vec3 = [0.5, 0.5, 2];
// A vertical bone through the middle: its origin is pixel (40, 30) on both views
// (x 20 mm / 0.5; row 60 − 60 mm / 2).
const upright = {
  origin_mm: [20, 20, 60] as Vec3,
  direction: [0, 0, 1] as Vec3,
  half_length_mm: 40,
};

/** The image pixel of a point given in mm on the coronal view (x across, z up). */
const coronalPx = (x_mm: number, z_mm: number) => ({ x: x_mm / 0.5, y: 60 - z_mm / 2 });
/** The same on the sagittal view (y across, z up). */
const sagittalPx = coronalPx;

describe("the angle a drag on the coronal or sagittal view means", () => {
  it("reads the angle in mm: 1 mm right and 4 mm up is 14°, though it is 2 pixels by 2 pixels", () => {
    // Pointer 1 mm right of the origin and 4 mm above: pixel (42, 28), 45° on screen, but
    // atan(1 / 4) = 14.04° in the patient, written as 14 (0.5° steps).
    const point = coronalPx(21, 64);
    expect(point).toEqual({ x: 42, y: 28 });
    expect(tiltAtViewPoint(upright, NO_TILT, size, spacing, "coronal", point)).toBe(14);
  });

  it("is positive with the upper end to the right of the image and negative to the left", () => {
    expect(tiltAtViewPoint(upright, NO_TILT, size, spacing, "coronal", coronalPx(19, 64))).toBe(
      -14,
    );
    // Sagittal: 1.5 mm towards +y over 4 mm: atan(0.375) = 20.56°, the nearest half degree 20.5.
    const sagittal = tiltAtViewPoint(
      upright,
      NO_TILT,
      size,
      spacing,
      "sagittal",
      sagittalPx(21.5, 64),
    );
    expect(sagittal).toBe(20.5);
  });

  it("stops at ±30°: a pointer at 45° gives the limit", () => {
    expect(tiltAtViewPoint(upright, NO_TILT, size, spacing, "coronal", coronalPx(24, 64))).toBe(30);
    expect(tiltAtViewPoint(upright, NO_TILT, size, spacing, "coronal", coronalPx(16, 64))).toBe(
      -30,
    );
    // Even a pointer below the origin turns the axis no further than the limit.
    expect(tiltAtViewPoint(upright, NO_TILT, size, spacing, "coronal", coronalPx(30, 50))).toBe(30);
  });

  it("measures from the bone's own leaning axis, not from the image's vertical", () => {
    // The principal axis leans 20° to the left (as the femur phantom's does): a pointer straight
    // above the origin is a 20° coronal tilt, and one at 14° to the right (34° in all) the limit.
    const r = (-20 * Math.PI) / 180;
    const leaning = { ...upright, direction: [Math.sin(r), 0, Math.cos(r)] as Vec3 };
    expect(tiltAtViewPoint(leaning, NO_TILT, size, spacing, "coronal", coronalPx(20, 70))).toBe(20);
    expect(tiltAtViewPoint(leaning, NO_TILT, size, spacing, "coronal", coronalPx(21, 64))).toBe(30);
  });

  it("gives the same angle whichever way the principal direction points", () => {
    const down = { ...upright, direction: [0, 0, -1] as Vec3 };
    expect(tiltAtViewPoint(down, NO_TILT, size, spacing, "coronal", coronalPx(21, 64))).toBe(14);
  });

  it("keeps the other tilt and allows for it: a 30° sagittal tilt flattens the coronal slope", () => {
    // With sagittal s the vertical axis turned by c reads (sin c, cos c · cos s) on the coronal
    // view (axisTilt.ts: Ry(c) then Rx(−s)), so a pointer at atan(1/4) needs
    // tan c = 0.25 × cos 30° = 0.2165: c = 12.2°, written 12.
    const tilt = { coronal_deg: 0, sagittal_deg: 30 };
    expect(tiltAtViewPoint(upright, tilt, size, spacing, "coronal", coronalPx(21, 64))).toBe(12);
    // On the sagittal view it reads (cos c · sin s, cos c · cos s): the angle is s whatever c.
    const coronal20 = { coronal_deg: 20, sagittal_deg: 0 };
    expect(
      tiltAtViewPoint(upright, coronal20, size, spacing, "sagittal", sagittalPx(21.5, 64)),
    ).toBe(20.5);
  });

  it("has no angle for a pointer on the axis's origin", () => {
    expect(
      tiltAtViewPoint(upright, NO_TILT, size, spacing, "coronal", coronalPx(20, 60)),
    ).toBeNull();
  });
});

describe("the handle on the views", () => {
  it("sits at the upper end of the axis turned by the tilt", () => {
    // 0°: (20, 20, 100) mm, pixel (40, 60 − 50 = 10), inside the 80 × 60 pixel coronal image.
    expect(axisHandleOnView(upright, NO_TILT, size, spacing, "coronal")).toEqual({
      cx: 40,
      cy: 10,
    });
    // 20° coronal: (20 + 40 sin 20°, 20, 60 + 40 cos 20°) = (33.68, 20, 97.59) mm,
    // pixel (67.36, 60 − 48.79 = 11.21).
    const turned = axisHandleOnView(
      upright,
      { coronal_deg: 20, sagittal_deg: 0 },
      size,
      spacing,
      "coronal",
    );
    expect(turned.cx).toBeCloseTo(67.3616, 4);
    expect(turned.cy).toBeCloseTo(11.2061, 4);
  });

  it("stays inside the image when the axis's end is beyond it", () => {
    // 30° coronal: the end (40, 20, 94.64) mm is pixel (80, 12.68), on the right edge; the handle
    // stops 5 % of 60 = 3 pixels inside it, at x 77: 37/40 = 0.925 of the way from the origin
    // (40, 30), so y = 30 − 0.925 × 17.32 = 13.98.
    const turned = axisHandleOnView(
      upright,
      { coronal_deg: 30, sagittal_deg: 0 },
      size,
      spacing,
      "coronal",
    );
    expect(turned.cx).toBeCloseTo(77, 9);
    expect(turned.cy).toBeCloseTo(30 - 0.925 * 40 * Math.cos(Math.PI / 6) * 0.5, 9);
    // A long axis: half 80 mm reaches z 140 mm, above the 120 mm volume; stopped 3 px under the top.
    const long = { ...upright, half_length_mm: 80 };
    expect(axisHandleOnView(long, NO_TILT, size, spacing, "coronal")).toEqual({ cx: 40, cy: 3 });
  });

  it("stays put when dragged onto itself, both tilts non-zero, on both views", () => {
    const leaning = { ...upright, direction: [-0.3, 0.2, Math.sqrt(1 - 0.13)] as Vec3 };
    const tilt = { coronal_deg: 12.5, sagittal_deg: -7 };
    for (const view of ["coronal", "sagittal"] as const) {
      const at = axisHandleOnView(leaning, tilt, size, spacing, view);
      const deg = tiltAtViewPoint(leaning, tilt, size, spacing, view, { x: at.cx, y: at.cy });
      expect(deg).toBe(view === "coronal" ? 12.5 : -7);
    }
  });
});

describe("the handle's arrow keys", () => {
  it("turn by 1° within ±30°", () => {
    expect(stepTilt(0, -1)).toBe(-1);
    expect(stepTilt(12.3, 1)).toBe(13.3);
    expect(stepTilt(29.5, 1)).toBe(30);
    expect(stepTilt(-30, -1)).toBe(-30);
  });
});
