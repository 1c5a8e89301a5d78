// Small display helpers of the board layout (issue 10 §5–6): the box around a rotated site ellipse used to find a zoomed region's bones.
import { describe, expect, it } from "vitest";
import { ellipseBounds } from "~/domain/skeleton";

describe("ellipseBounds", () => {
  it("is 2rx × 2ry around an upright ellipse", () => {
    expect(ellipseBounds({ cx: 100, cy: 50, rx: 10, ry: 4, rotationDeg: 0 })).toEqual({
      x: 90,
      y: 46,
      width: 20,
      height: 8,
    });
  });

  it("swaps width and height for a quarter turn", () => {
    const b = ellipseBounds({ cx: 0, cy: 0, rx: 10, ry: 4, rotationDeg: 90 });
    expect(b.width).toBeCloseTo(8, 9);
    expect(b.height).toBeCloseTo(20, 9);
  });

  it("is a square of side 2·sqrt((rx² + ry²)/2) at 45°", () => {
    // Half-width = sqrt(rx² cos² + ry² sin²) = sqrt((100 + 16) / 2) at 45°.
    const b = ellipseBounds({ cx: 0, cy: 0, rx: 10, ry: 4, rotationDeg: 45 });
    expect(b.width).toBeCloseTo(2 * Math.sqrt(58), 9);
    expect(b.height).toBeCloseTo(2 * Math.sqrt(58), 9);
  });
});
