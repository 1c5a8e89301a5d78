// The FHIR R4 export of a signed decision version (issue 11 §8, acceptance): every resource has
// its R4 shape, every reference inside the Bundle resolves to a fullUrl of the Bundle, and the
// clinical content (scores, categories, plan, BTA, participants, signature) is carried over.
import type * as fhir4 from "fhir/r4";
import { describe, expect, it } from "vitest";
import { correctDecision, DomainInputError, signDecision } from "~/domain";
import { ficheText } from "~/i18n/fiche";
import { toFhirBundle } from "../../server/fiche/fhir";
import { BundleShape, SHAPES } from "./fhir-shapes";
import { decision, ficheInput, ficheInputOfStartWithConditions, signing } from "./fixture";

const BASE = "https://osteoboard.example.org";

function resources(bundle: fhir4.Bundle): fhir4.FhirResource[] {
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}
function ofType<T extends fhir4.FhirResource["resourceType"]>(bundle: fhir4.Bundle, type: T) {
  return resources(bundle).filter(
    (r): r is Extract<fhir4.FhirResource, { resourceType: T }> => r.resourceType === type,
  );
}
function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (k === "reference" && typeof v === "string") out.push(v);
      else references(v, out);
    }
  return out;
}

describe("FHIR R4 Bundle of a signed decision", () => {
  const bundle = toFhirBundle(ficheInput(), ficheText("fr"), BASE);

  it("is a collection whose every resource has its R4 shape", () => {
    expect(BundleShape.safeParse(bundle).error).toBeUndefined();
    const types = resources(bundle).map((r) => r.resourceType);
    // 1 patient, 1 encounter, 5 present attendees × (Practitioner + PractitionerRole),
    // 2 lesions → 2 conditions, femur 2 scores + 2 FE, spine 3 scores, 1 care plan, 1 provenance.
    expect(types.filter((t) => t === "Practitioner")).toHaveLength(5);
    expect(types.filter((t) => t === "PractitionerRole")).toHaveLength(5);
    expect(types.filter((t) => t === "Condition")).toHaveLength(2);
    expect(types.filter((t) => t === "Observation")).toHaveLength(7);
    for (const t of ["Patient", "Encounter", "CarePlan", "Provenance"])
      expect(types.filter((x) => x === t)).toHaveLength(1);
    for (const r of resources(bundle)) {
      const shape = SHAPES[r.resourceType as keyof typeof SHAPES];
      expect(shape, r.resourceType).toBeDefined();
      const parsed = shape.safeParse(r);
      expect(parsed.error?.issues, `${r.resourceType} ${r.id}`).toBeUndefined();
    }
  });

  it("resolves every reference to a fullUrl of the Bundle, and every fullUrl is unique", () => {
    const urls = (bundle.entry ?? []).map((e) => e.fullUrl);
    expect(new Set(urls).size).toBe(urls.length);
    const refs = references(bundle);
    expect(refs.length).toBeGreaterThan(30);
    for (const r of refs) expect(urls).toContain(r);
    for (const e of bundle.entry ?? []) expect(e.fullUrl).toBe(`urn:uuid:${e.resource?.id}`);
  });

  it("codes the patient and each lesion as a bone metastasis at its site", () => {
    const [p] = ofType(bundle, "Patient");
    expect(p).toMatchObject({ gender: "female", birthDate: "1958-03-14" });
    expect(p?.identifier?.[0]?.value).toBe("IPP-004211");
    const femur = ofType(bundle, "Condition").find((c) => c.identifier?.[0]?.value === "F1");
    // SNOMED CT 94222008 |Secondary malignant neoplasm of bone|.
    expect(femur?.code?.coding?.[0]).toMatchObject({
      system: "http://snomed.info/sct",
      code: "94222008",
    });
    expect(femur?.bodySite?.[0]?.coding?.[0]?.code).toBe("femur.neck");
    expect(femur?.bodySite?.[0]?.text).toBe("Fémur – col fémoral, côté gauche");
  });

  it("writes one Observation per score with its value and category, pain with LOINC 72514-3", () => {
    const obs = ofType(bundle, "Observation");
    const byCode = (code: string) => obs.filter((o) => o.code.coding?.some((c) => c.code === code));
    const mirels = byCode("mirels")[0];
    // Mirels 1989: 12 → prophylactic fixation (clinical.md §1.1).
    expect(mirels?.valueInteger).toBe(12);
    expect(mirels?.interpretation?.[0]?.coding?.[0]?.code).toBe("mirels.prophylacticFixation");
    expect(byCode("sins")[0]?.valueInteger).toBe(8);
    expect(byCode("escc")[0]?.valueString).toBe("1a");
    const pains = byCode("72514-3");
    expect(pains.map((o) => o.valueInteger).sort()).toEqual([4, 6]);
    expect(byCode("feFailureLoad")[0]?.valueQuantity).toMatchObject({ value: 2450, code: "N" });
    expect(byCode("feStrengthLoss")[0]?.valueQuantity).toMatchObject({ value: 38, code: "%" });
    for (const o of obs)
      expect(o.code.coding?.[0]?.system).toMatch(
        /^https:\/\/osteoboard\.example\.org\/fhir\/CodeSystem\//,
      );
  });

  it("plans one activity per lesion, the BTA (ATC, dose, 4-weekly) and the imaging follow-up", () => {
    const [plan] = ofType(bundle, "CarePlan");
    const details = (plan?.activity ?? []).map((a) => a.detail);
    expect(details.map((d) => d?.code?.coding?.[0]?.code)).toEqual([
      "surgery.prophylacticNailing",
      "rt.singleFraction8Gy",
      "initiate",
      "ct",
    ]);
    expect(details[0]?.scheduledPeriod?.start).toBe("2026-12-15");
    const bta = details[2];
    // WHO ATC M05BX04 denosumab; 120 mg every 4 weeks (SmPC Xgeva).
    expect(bta?.productCodeableConcept?.coding?.[0]).toMatchObject({
      system: "http://www.whocc.no/atc",
      code: "M05BX04",
    });
    expect(bta?.quantity).toMatchObject({ value: 120, code: "mg" });
    expect(bta?.scheduledTiming?.repeat).toMatchObject({ period: 4, periodUnit: "wk" });
    expect(details[3]?.scheduledPeriod?.start).toBe("2027-03-01");
    expect(plan?.period?.start).toBe("2026-12-01");
    expect(plan?.note?.map((n) => n.text).join("\n")).toContain("STEREOSARC (NCT03548428)");
  });

  it("gives a start awaiting its clearance no dose, and its conditions before the first dose in the activity's description", () => {
    const [plan] = ofType(
      toFhirBundle(ficheInputOfStartWithConditions(), ficheText("fr"), BASE),
      "CarePlan",
    );
    const bta = plan?.activity?.[2]?.detail;
    expect(bta?.code?.coding?.[0]?.code).toBe("initiate");
    expect(bta?.quantity).toBeUndefined();
    expect(bta?.description?.split("\n")).toEqual([
      "À réaliser avant la première dose :",
      "Bilan bucco-dentaire fait avant l'initiation (Brown 2021 (J Bone Oncol 29:100375); MASCC/ISOO/ASCO 2019)",
      "Clairance de la créatinine (Cockcroft–Gault) : dose d'acide zolédronique à fixer selon la clairance avant la première dose (SmPC Zometa 4.2)",
    ]);
    // The plain start of the fixture (denosumab, every gate met at signing) has none.
    expect(ofType(bundle, "CarePlan")[0]?.activity?.[2]?.detail?.description).toBeUndefined();
  });

  it("lists the present participants with their specialties on the Encounter, not the absent one", () => {
    const [enc] = ofType(bundle, "Encounter");
    expect(enc?.participant).toHaveLength(5);
    const roles = ofType(bundle, "PractitionerRole").map(
      (r) => r.specialty?.[0]?.coding?.[0]?.code,
    );
    expect(roles.sort()).toEqual([
      "medical_oncology",
      "orthopaedic_surgery",
      "radiation_oncology",
      "radiology",
      "rheumatology",
    ]);
    const names = ofType(bundle, "Practitioner").map((p) => p.name?.[0]?.text);
    expect(names).not.toContain("Dr Absent");
  });

  it("records the signature in a Provenance: CarePlan targeted, chair as author, signed time", () => {
    const [prov] = ofType(bundle, "Provenance");
    const [plan] = ofType(bundle, "CarePlan");
    const planUrl = bundle.entry?.find((e) => e.resource === plan)?.fullUrl;
    expect(prov?.target.map((t) => t.reference)).toContain(planUrl);
    expect(prov?.recorded).toBe("2026-12-01T15:42:00+01:00");
    const chair = ofType(bundle, "Practitioner").find((p) => p.name?.[0]?.text === "Dr Martin");
    const chairUrl = bundle.entry?.find((e) => e.resource === chair)?.fullUrl;
    expect(prov?.agent[0]?.who.reference).toBe(chairUrl);
    expect(prov?.signature?.[0]?.who.reference).toBe(chairUrl);
    expect(plan?.author?.reference).toBe(chairUrl);
  });

  it("gives the same Bundle for the same version, and carries a correction's reason", () => {
    expect(JSON.stringify(toFhirBundle(ficheInput(), ficheText("fr"), BASE))).toBe(
      JSON.stringify(bundle),
    );
    const v1 = signDecision(signing());
    const v2 = correctDecision(
      v1,
      signing({ decision: decision({ rationale: "Corrigé : dose." }) }),
      "Erreur de saisie",
    );
    const b2 = toFhirBundle(ficheInput({ version: v2 }), ficheText("fr"), BASE);
    expect(ofType(b2, "Provenance")[0]?.reason?.[0]?.text).toBe("Erreur de saisie");
    expect(b2.identifier?.value).toBe("5-2");
    expect(b2.entry?.[0]?.fullUrl).not.toBe(bundle.entry?.[0]?.fullUrl);
  });

  it("refuses bad input naming the field", () => {
    const bad = { ...ficheInput(), patient: { ...ficheInput().patient, sex: "Z" } };
    let error: unknown;
    try {
      toFhirBundle(bad, ficheText("fr"), BASE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainInputError);
    expect((error as DomainInputError).field).toBe("patient.sex");
    expect(() => toFhirBundle(ficheInput(), ficheText("fr"), "ftp://x")).toThrow(/baseUrl/);
  });
});
