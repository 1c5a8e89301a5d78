// Safe defaults of the patient record (issue 10 §4): a clinical choice left on "— non renseigné —"
// is refused as "obligatoire" naming the field, never read as a value; "Inconnu" is a receptor
// status one can store; only the survival band has a "not known" value of its own to fall back on.
import { describe, expect, it } from "vitest";
import { fieldErrors } from "../../app/domain/records/fields";
import { makePatientInputSchema, patientFormToInput } from "../../app/domain/records/patient";
import { describeFieldErrors, makeI18n } from "../../app/i18n";

const TODAY = "2026-11-30";
/** The new-patient form as the browser posts it: every field present, blanks as "". */
const breastForm: Record<string, string> = {
  hospitalId: "SD-0001",
  lastName: "Martin",
  firstName: "Claire",
  birthDate: "1961-03-02",
  sex: "F",
  "primaryCancer.type": "breast",
  "primaryCancer.hormoneReceptor": "positive",
  "primaryCancer.her2": "negative",
  cancerDiagnosisDate: "",
  boneMetastasisDiagnosisDate: "",
  weightKg: "",
  ecog: "",
  karnofsky: "",
  systemicTreatment: "hormone_therapy",
  systemicTreatmentDetail: "",
  creatinineClearanceMlMin: "",
  creatinineClearanceDate: "",
  survivalBand: "",
  wishes: "",
};

function parse(change: Record<string, string>) {
  const schema = makePatientInputSchema(TODAY);
  return schema.safeParse(patientFormToInput({ ...breastForm, ...change }));
}

function errorsOf(change: Record<string, string>) {
  const result = parse(change);
  if (result.success) throw new Error("expected a refusal");
  return fieldErrors(result.error);
}

describe("patient record: nothing clinical is assumed", () => {
  it("says a blank birth date is obligatoire, not a format error, and still refuses a malformed one", () => {
    expect(errorsOf({ birthDate: "" })).toEqual([{ field: "birthDate", code: "errors.required" }]);
    expect(errorsOf({ birthDate: "02/03/1961" })).toEqual([
      { field: "birthDate", code: "errors.date_format" },
    ]);
  });

  it("refuses a breast primary whose receptors and HER2 were left on 'non renseigné', naming both as obligatoire", () => {
    const errors = errorsOf({ "primaryCancer.hormoneReceptor": "", "primaryCancer.her2": "" });
    expect(errors).toEqual([
      { field: "primaryCancer.hormoneReceptor", code: "errors.required" },
      { field: "primaryCancer.her2", code: "errors.required" },
    ]);
    const fr = describeFieldErrors(makeI18n("fr"), errors).map((e) => e.message);
    expect(fr).toEqual(["Récepteurs hormonaux : champ obligatoire", "HER2 : champ obligatoire"]);
  });

  it("stores 'Inconnu' for receptors nobody could give (not tested, report not at hand)", () => {
    const result = parse({
      "primaryCancer.hormoneReceptor": "unknown",
      "primaryCancer.her2": "unknown",
    });
    expect(result.success && result.data.primaryCancer).toEqual({
      type: "breast",
      hormoneReceptor: "unknown",
      her2: "unknown",
    });
  });

  it("refuses a thyroid primary whose histology was left on 'non renseigné' as obligatoire, and stores 'Inconnu'", () => {
    const thyroid = {
      "primaryCancer.type": "thyroid",
      "primaryCancer.hormoneReceptor": "",
      "primaryCancer.her2": "",
    };
    const errors = errorsOf({ ...thyroid, "primaryCancer.histology": "" });
    expect(errors).toEqual([{ field: "primaryCancer.histology", code: "errors.required" }]);
    expect(describeFieldErrors(makeI18n("fr"), errors).map((e) => e.message)).toEqual([
      "Histologie : champ obligatoire",
    ]);
    const stored = parse({ ...thyroid, "primaryCancer.histology": "unknown" });
    expect(stored.success && stored.data.primaryCancer).toEqual({
      type: "thyroid",
      histology: "unknown",
    });
  });

  it("keeps a value off the list a choice error, not a missing one", () => {
    expect(errorsOf({ "primaryCancer.her2": "3+" })).toEqual([
      { field: "primaryCancer.her2", code: "errors.choice" },
    ]);
  });

  it("asks for the primary cancer when none was chosen, and calls an unlisted one unknown", () => {
    expect(errorsOf({ "primaryCancer.type": "" })).toEqual([
      { field: "primaryCancer.type", code: "errors.required" },
    ]);
    expect(errorsOf({ "primaryCancer.type": "unicorn" })).toEqual([
      { field: "primaryCancer.type", code: "errors.cancer_type" },
    ]);
  });

  it("asks for the detail of another primary (castration status of a prostate cancer)", () => {
    expect(errorsOf({ "primaryCancer.type": "prostate", "primaryCancer.castration": "" })).toEqual([
      { field: "primaryCancer.castration", code: "errors.required" },
    ]);
  });

  it("does not read a blank sex or systemic treatment as 'Femme' or 'Aucun'", () => {
    const errors = errorsOf({ sex: "", systemicTreatment: "" });
    expect(errors).toEqual([
      { field: "sex", code: "errors.required" },
      { field: "systemicTreatment", code: "errors.required" },
    ]);
    const en = describeFieldErrors(makeI18n("en"), errors).map((e) => e.message);
    expect(en.every((m) => m.endsWith("required"))).toBe(true);
  });

  it("records an unstated survival estimate as 'Non estimée', never as a band", () => {
    const result = parse({ survivalBand: "" });
    expect(result.success && result.data.survivalBand).toBe("unknown");
    expect(
      parse({ survivalBand: "3_6m" }).success && parse({ survivalBand: "3_6m" }).data,
    ).toMatchObject({
      survivalBand: "3_6m",
    });
  });

  it("records a castration-resistant prostate patient on radium-223 as such, named in French", () => {
    const result = parse({
      "primaryCancer.type": "prostate",
      "primaryCancer.castration": "resistant",
      systemicTreatment: "radium223",
    });
    expect(result.success && result.data.systemicTreatment).toBe("radium223");
    expect(makeI18n("fr").t("patient.systemicTreatments.radium223")).toBe(
      "Radium 223 (radiopharmaceutique)",
    );
  });
});
