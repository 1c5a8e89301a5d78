// The FE run form's numbers as French clinicians type them (decision 088).
import { describe, expect, it } from "vitest";
import { FeRunFormSchema } from "../../app/domain/fe/runForm";

const form = (extra: Record<string, string>) => ({
  ctSeriesId: "1",
  lesionId: "demo-9-2",
  site: "vertebra",
  side: "midline",
  loadCases: "vertebra-compression",
  bodyWeightKg: "70",
  calibration: "entered",
  slopeMgPerHu: "0.8",
  interceptMg: "-1.2",
  comparator: "repair",
  centreX_mm: "29",
  centreY_mm: "29",
  centreZ_mm: "19",
  radius_mm: "9",
  ...extra,
});

describe("FE run form numbers", () => {
  it("reads a decimal comma as a decimal point", () => {
    const parsed = FeRunFormSchema.parse(
      form({ slopeMgPerHu: "0,8", interceptMg: "-1,2", bodyWeightKg: "72,5", centreX_mm: "29,25" }),
    );
    expect(parsed.params.calibration).toEqual({ slope_mg_per_HU: 0.8, intercept_mg: -1.2 });
    expect(parsed.params.body_weight_kg).toBe(72.5);
    expect(parsed.params).toMatchObject({
      repair: { lesion_sphere: { center_mm: [29.25, 29, 19] } },
    });
  });

  it("still refuses what is not one number, naming the field", () => {
    const parsed = FeRunFormSchema.safeParse(form({ slopeMgPerHu: "0,8,1", radius_mm: "9 mm" }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join(".")).sort()).toEqual([
      "radius_mm",
      "slopeMgPerHu",
    ]);
  });
});
