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

describe("FE run form region of interest (decision 121)", () => {
  const box = {
    regionMinX_mm: "2",
    regionMinY_mm: "2,5",
    regionMinZ_mm: "2",
    regionMaxX_mm: "54",
    regionMaxY_mm: "46",
    regionMaxZ_mm: "36",
  };

  it("analyses the whole volume when the six fields are blank", () => {
    const parsed = FeRunFormSchema.parse(form({}));
    expect("region" in parsed.params).toBe(false);
  });

  it("sends the box as min and max per axis, in mm", () => {
    expect(FeRunFormSchema.parse(form(box)).params).toMatchObject({
      region: { min_mm: [2, 2.5, 2], max_mm: [54, 46, 36] },
    });
  });

  it("asks for all six fields once one is typed", () => {
    const parsed = FeRunFormSchema.safeParse(form({ regionMinX_mm: "2" }));
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual([
      "regionMinY_mm",
      "regionMinZ_mm",
      "regionMaxX_mm",
      "regionMaxY_mm",
      "regionMaxZ_mm",
    ]);
  });

  it("refuses a side under 10 mm or a max below its min, on the max field", () => {
    const parsed = FeRunFormSchema.safeParse(
      form({ ...box, regionMaxY_mm: "12", regionMaxZ_mm: "1" }),
    );
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["regionMaxY_mm", "errors.fe_region_side"],
      ["regionMaxZ_mm", "errors.fe_region_side"],
    ]);
  });
});

describe("FE run form internal calibration (decision 126)", () => {
  const internal = { calibration: "internal", slopeMgPerHu: "", interceptMg: "" };

  it("sends air, fat and muscle, with blood and cortical bone only when given", () => {
    const three = FeRunFormSchema.parse(
      form({ ...internal, airHu: "-998,5", adiposeHu: "-95", muscleHu: "42" }),
    );
    expect(three.params.calibration).toEqual({
      internal: { air_HU: -998.5, adipose_HU: -95, muscle_HU: 42 },
    });
    const five = FeRunFormSchema.parse(
      form({
        ...internal,
        airHu: "-998",
        adiposeHu: "-95",
        muscleHu: "42",
        bloodHu: "40",
        corticalHu: "1200",
      }),
    );
    expect(five.params.calibration).toEqual({
      internal: { air_HU: -998, adipose_HU: -95, muscle_HU: 42, blood_HU: 40, cortical_HU: 1200 },
    });
  });

  it("requires the three regions and refuses a mean outside the CT's HU range", () => {
    const parsed = FeRunFormSchema.safeParse(form({ ...internal, muscleHu: "5000" }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join(".")}:${i.message}`).sort()).toEqual([
      "adiposeHu:errors.required",
      "airHu:errors.required",
      expect.stringMatching(/^muscleHu:/),
    ]);
  });

  it("ignores the region fields for another calibration", () => {
    const parsed = FeRunFormSchema.parse(form({ airHu: "-1000" }));
    expect(parsed.params.calibration).toEqual({ slope_mg_per_HU: 0.8, intercept_mg: -1.2 });
  });
});

describe("FE run form tilt of the analysis axes (decision 127)", () => {
  it("sends no tilt when both fields are blank: the bone's principal axis", () => {
    const parsed = FeRunFormSchema.parse(form({ tiltCoronal_deg: "", tiltSagittal_deg: " " }));
    expect("tilt_deg" in parsed.params).toBe(false);
  });

  it("reads a French decimal comma, and a blank angle beside a typed one as 0°", () => {
    const parsed = FeRunFormSchema.parse(form({ tiltCoronal_deg: "-12,5" }));
    expect(parsed.params).toMatchObject({ tilt_deg: { coronal_deg: -12.5, sagittal_deg: 0 } });
  });

  it("refuses an angle beyond ±30° or not a number, naming the field", () => {
    const parsed = FeRunFormSchema.safeParse(
      form({ tiltCoronal_deg: "30,5", tiltSagittal_deg: "dix" }),
    );
    expect(parsed.error?.issues.map((i) => i.path.join(".")).sort()).toEqual([
      "tiltCoronal_deg",
      "tiltSagittal_deg",
    ]);
    expect(FeRunFormSchema.safeParse(form({ tiltSagittal_deg: "-30" })).success).toBe(true);
  });
});
