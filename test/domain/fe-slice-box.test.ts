// The region of interest on the three slice views (decision 121): a rectangle dragged on a view
// sets that view's two axes, and the box is drawn on every view, head up on coronal and sagittal.
import { describe, expect, it } from "vitest";
import { boxOnView, dragBox, type Vec3 } from "../../app/domain/fe/sliceViews";

// 28 × 24 × 19 voxels of 2 × 2 × 2 mm (the vertebra phantom of the FE tests): 56 × 48 × 38 mm.
const size: Vec3 = [28, 24, 19];
const spacing: Vec3 = [2, 2, 2];

describe("region box on the slice views", () => {
  it("sets x and y from a rectangle on the axial view, z staying the whole volume", () => {
    // Pixels 3 to 10 across (6–20 mm), 12 to 4 down (24–8 mm, dragged upwards).
    const box = dragBox(null, size, spacing, "axial", { x: 3, y: 12 }, { x: 10, y: 4 });
    expect(box).toEqual({ min_mm: [6, 8, 0], max_mm: [20, 24, 38] });
  });

  it("sets x and z from the coronal view, head up: the top of the image is z max", () => {
    const start = { min_mm: [6, 8, 0] as Vec3, max_mm: [20, 24, 38] as Vec3 };
    // Rows 2 to 15 of 19: z from (19 − 15) × 2 = 8 mm to (19 − 2) × 2 = 34 mm.
    const box = dragBox(start, size, spacing, "coronal", { x: 1, y: 2 }, { x: 27, y: 15 });
    expect(box).toEqual({ min_mm: [2, 8, 8], max_mm: [54, 24, 34] });
  });

  it("clamps a drag beyond the image to the volume", () => {
    const box = dragBox(null, size, spacing, "sagittal", { x: -4, y: -3 }, { x: 30, y: 25 });
    expect(box).toEqual({ min_mm: [0, 0, 0], max_mm: [56, 48, 38] });
  });

  it("draws the box on each view in image pixels", () => {
    const box = { min_mm: [2, 8, 8] as Vec3, max_mm: [54, 24, 34] as Vec3 };
    expect(boxOnView(box, size, spacing, "axial")).toEqual({ x: 1, y: 4, width: 26, height: 8 });
    expect(boxOnView(box, size, spacing, "coronal")).toEqual({ x: 1, y: 2, width: 26, height: 13 });
    expect(boxOnView(box, size, spacing, "sagittal")).toEqual({ x: 4, y: 2, width: 8, height: 13 });
  });
});
