// Radium-223 (clinical.md §6.1, ESMO 2020 I, A): mCRPC with symptomatic, bone-dominant disease;
// ALSYMPCA's "no known visceral metastases" shown as an unverified criterion (decision 104).
import { describe, expect, it } from "vitest";
import {
  LOCAL_TREATMENT_IDS,
  type Radium223Input,
  radium223Indication,
  radium223MayApply,
  SYSTEMIC_TREATMENTS,
} from "~/domain";

const crpc: Radium223Input = {
  primaryCancer: { type: "prostate", castration: "resistant" },
  symptomaticBoneMetastases: true,
  boneDominantDisease: true,
  visceralMetastases: false,
};

describe("radium-223 indication", () => {
  it("is to discuss for a castration-resistant prostate cancer with painful bone-only metastases", () => {
    const r = radium223Indication(crpc);
    expect(r.status).toBe("indicated");
    expect(r.criteria.every((c) => c.status === "met")).toBe(true);
    expect(r.source).toMatch(/ESMO 2020/);
  });

  it("is not indicated in castration-sensitive prostate cancer", () => {
    const r = radium223Indication({
      ...crpc,
      primaryCancer: { type: "prostate", castration: "sensitive" },
    });
    expect(r.status).toBe("notIndicated");
    expect(r.criteria[0]).toMatchObject({ id: "castrationResistantProstate", status: "unmet" });
  });

  it("is not indicated in breast cancer", () => {
    expect(
      radium223Indication({
        ...crpc,
        primaryCancer: { type: "breast", hormoneReceptor: "positive", her2: "negative" },
      }).status,
    ).toBe("notIndicated");
  });

  it("is not indicated for asymptomatic bone metastases", () => {
    expect(radium223Indication({ ...crpc, symptomaticBoneMetastases: false }).status).toBe(
      "notIndicated",
    );
  });

  it("is not indicated with known liver metastases, and says this criterion is unverified", () => {
    const r = radium223Indication({ ...crpc, visceralMetastases: true });
    expect(r.status).toBe("notIndicated");
    expect(r.unverified.length).toBeGreaterThan(0);
    expect(r.criteria.find((c) => c.id === "noKnownVisceralMetastases")?.label.fr).toContain(
      "non vérifié",
    );
  });

  it("leaves to assess what is not recorded, never assuming it: unknown castration status, symptoms not stated", () => {
    const r = radium223Indication({ primaryCancer: { type: "prostate", castration: "unknown" } });
    expect(r.status).toBe("toAssess");
    expect(r.criteria.map((c) => c.status)).toEqual(["unknown", "unknown", "unknown", "unknown"]);
  });

  it("is a systemic treatment, never offered as a per-lesion action", () => {
    expect(SYSTEMIC_TREATMENTS.radium223.label.fr).toContain("Radium 223");
    expect(LOCAL_TREATMENT_IDS as readonly string[]).not.toContain("radium223");
  });

  it("refuses a record without a primary cancer, naming the field", () => {
    expect(() => radium223Indication({} as Radium223Input)).toThrow(
      expect.objectContaining({ scope: "radium223", field: "primaryCancer" }),
    );
  });

  it("concerns a prostate primary only: not breast, lung or a primary not yet chosen (the form shows it nowhere else)", () => {
    expect(radium223MayApply("prostate")).toBe(true);
    for (const other of ["breast", "lung", "kidney", "myeloma", ""])
      expect(radium223MayApply(other)).toBe(false);
  });
});
