import type { Label } from "../common";
import { isMoreThanMonthsAfter } from "../dates";
import { parseOrThrow } from "../errors";
import { treatmentApplies } from "../risk/applicability";
import {
  type LesionInput,
  LesionInputSchema,
  type RiskContext,
  RiskContextSchema,
} from "../risk/lesion";
import { type LesionRiskSummary, lesionRiskSummary, type RuleOutcome } from "../risk/summary";
import { getSite, type SkeletonSite } from "../skeleton/catalogue";
import { neuralElementAt } from "../skeleton/spine";
import { LOCAL_TREATMENTS, type LocalTreatment, type LocalTreatmentId } from "./catalogue";
import { type PatchellEligibility, patchellEligibility } from "./patchell";

export type FlagSeverity = "emergency" | "urgent" | "opinion" | "discuss" | "caution";

export type TreatmentFlagId =
  | "ortho.mirelsFixation"
  | "ortho.mirelsBorderline"
  | "ortho.harrington"
  | "ortho.femoralCortical"
  | "ortho.feFailureLoad"
  | "ortho.completedFracture"
  | "spine.sinsOpinion"
  | "spine.highGradeEscc"
  | "neuro.emergencyPathway"
  | "caution.shortExpectedSurvival";

export interface TreatmentFlag {
  id: TreatmentFlagId;
  severity: FlagSeverity;
  label: Label;
  rationale: Label;
  source: string;
}

export interface CandidateOption {
  treatmentId: LocalTreatmentId;
  treatment: LocalTreatment;
  rationale: Label;
  source: string;
  /** Flags or rules that proposed this option. */
  proposedBy: string[];
}

export interface TreatmentSuggestions {
  lesionId: string;
  flags: TreatmentFlag[];
  options: CandidateOption[];
  risk: LesionRiskSummary;
  /**
   * Patchell 2005 criteria for decompressive surgery + radiotherapy, each met/unmet/unknown; given
   * for a spinal lesion with high-grade ESCC or a new deficit (cord compression), else null.
   */
  patchell: PatchellEligibility | null;
  /** Decision support only: the engine proposes, the board decides. */
  disclaimer: Label;
}

const DISCLAIMER: Label = {
  fr: "Aide à la décision : le moteur propose, la RCP décide.",
  en: "Decision support only: the engine proposes, the board decides.",
};

function findRule(summary: LesionRiskSummary, ...ids: string[]): RuleOutcome | undefined {
  return [...summary.fracture.rules, ...summary.neurological.rules].find((r) =>
    ids.includes(r.ruleId),
  );
}

class Collector {
  readonly flags: TreatmentFlag[] = [];
  private readonly options = new Map<LocalTreatmentId, CandidateOption>();

  /** Only treatments that apply to the site are proposed (risk/applicability.ts). */
  constructor(private readonly site: SkeletonSite) {}

  flag(flag: TreatmentFlag): void {
    if (!this.flags.some((f) => f.id === flag.id)) this.flags.push(flag);
  }

  has(id: TreatmentFlagId): boolean {
    return this.flags.some((f) => f.id === id);
  }

  propose(id: LocalTreatmentId, by: string, rationale: Label, source: string): void {
    if (!treatmentApplies(id, this.site)) return;
    const existing = this.options.get(id);
    if (existing) {
      if (!existing.proposedBy.includes(by)) existing.proposedBy.push(by);
      return;
    }
    this.options.set(id, {
      treatmentId: id,
      treatment: LOCAL_TREATMENTS[id],
      rationale,
      source,
      proposedBy: [by],
    });
  }

  list(): CandidateOption[] {
    return [...this.options.values()];
  }
}

function isFemoralHeadOrNeck(site: SkeletonSite): boolean {
  return site.id === "femur.head" || site.id === "femur.neck";
}

function proposeLongBoneSurgery(
  c: Collector,
  site: SkeletonSite,
  by: string,
  context: RiskContext,
): void {
  if (isFemoralHeadOrNeck(site)) {
    c.propose(
      "surgery.arthroplasty",
      by,
      LOCAL_TREATMENTS["surgery.arthroplasty"].indication,
      LOCAL_TREATMENTS["surgery.arthroplasty"].source,
    );
  } else {
    c.propose(
      "surgery.prophylacticNailing",
      by,
      LOCAL_TREATMENTS["surgery.prophylacticNailing"].indication,
      LOCAL_TREATMENTS["surgery.prophylacticNailing"].source,
    );
  }
  c.propose(
    "rt.postoperative",
    by,
    LOCAL_TREATMENTS["rt.postoperative"].indication,
    LOCAL_TREATMENTS["rt.postoperative"].source,
  );
  c.propose(
    "orthosis.protectedWeightBearing",
    by,
    {
      fr: "Mise en décharge en attendant la décision chirurgicale",
      en: "Protected weight-bearing until the surgical decision",
    },
    LOCAL_TREATMENTS["orthosis.protectedWeightBearing"].source,
  );
  if (context.fitForSurgery === false) {
    c.propose(
      "ir.screwFixation",
      by,
      LOCAL_TREATMENTS["ir.screwFixation"].indication,
      LOCAL_TREATMENTS["ir.screwFixation"].source,
    );
  }
}

function orthopaedicFlags(
  c: Collector,
  summary: LesionRiskSummary,
  site: SkeletonSite,
  context: RiskContext,
): void {
  const mirels = findRule(summary, "fracture.mirels", "fracture.mirelsPartial");
  if (mirels?.level === "high") {
    c.flag({
      id: "ortho.mirelsFixation",
      severity: "opinion",
      label: { fr: "Avis orthopédique : Mirels ≥ 9", en: "Orthopaedic opinion: Mirels ≥ 9" },
      rationale: mirels.rationale,
      source: mirels.source,
    });
    proposeLongBoneSurgery(c, site, "ortho.mirelsFixation", context);
  } else if (mirels?.level === "moderate") {
    c.flag({
      id: "ortho.mirelsBorderline",
      severity: "discuss",
      label: { fr: "Limite : Mirels 8, à discuter", en: "Borderline: Mirels 8, discuss" },
      rationale: mirels.rationale,
      source: mirels.source,
    });
    proposeLongBoneSurgery(c, site, "ortho.mirelsBorderline", context);
  }
  const harrington = findRule(summary, "fracture.harrington");
  if (harrington?.level === "high") {
    c.flag({
      id: "ortho.harrington",
      severity: "opinion",
      label: {
        fr: "Avis orthopédique : critère de Harrington",
        en: "Orthopaedic opinion: Harrington criterion",
      },
      rationale: harrington.rationale,
      source: harrington.source,
    });
    if (site.longBone) proposeLongBoneSurgery(c, site, "ortho.harrington", context);
  }
  const cortical = findRule(summary, "fracture.femoralCortical");
  if (cortical?.level === "high") {
    c.flag({
      id: "ortho.femoralCortical",
      severity: "opinion",
      label: {
        fr: "Avis orthopédique : fémur, atteinte corticale axiale > 30 mm (ou circonférentielle > 50 %)",
        en: "Orthopaedic opinion: femur axial cortical involvement > 30 mm (or circumferential > 50 %)",
      },
      rationale: cortical.rationale,
      source: cortical.source,
    });
    proposeLongBoneSurgery(c, site, "ortho.femoralCortical", context);
  }
  const fe = findRule(summary, "fracture.feFailureLoad");
  if (fe?.level === "high") {
    c.flag({
      id: "ortho.feFailureLoad",
      severity: "opinion",
      label: {
        fr: `Avis orthopédique : force à la rupture (éléments finis) < ${context.feFailureLoadThreshold_bodyWeights} × poids du corps`,
        en: `Orthopaedic opinion: FE failure load below ${context.feFailureLoadThreshold_bodyWeights} × body weight`,
      },
      rationale: fe.rationale,
      source: fe.source,
    });
    if (site.longBone) proposeLongBoneSurgery(c, site, "ortho.feFailureLoad", context);
  }
  const completed = findRule(summary, "fracture.completed");
  if (completed) {
    c.flag({
      id: "ortho.completedFracture",
      severity: "urgent",
      label: {
        fr: "Fracture pathologique : chirurgie orthopédique",
        en: "Pathological fracture: orthopaedic surgery",
      },
      rationale: completed.rationale,
      source: completed.source,
    });
    if (site.spinalLevel) {
      const t = LOCAL_TREATMENTS["surgery.spinalStabilisation"];
      c.propose("surgery.spinalStabilisation", "ortho.completedFracture", t.indication, t.source);
    } else {
      const id = isFemoralHeadOrNeck(site) ? "surgery.arthroplasty" : "surgery.fractureFixation";
      c.propose(
        id,
        "ortho.completedFracture",
        LOCAL_TREATMENTS["surgery.fractureFixation"].indication,
        LOCAL_TREATMENTS[id].source,
      );
      const rt = LOCAL_TREATMENTS["rt.postoperative"];
      c.propose("rt.postoperative", "ortho.completedFracture", rt.indication, rt.source);
    }
  }
}

function spineFlags(
  c: Collector,
  lesion: LesionInput,
  summary: LesionRiskSummary,
  context: RiskContext,
): void {
  const site = getSite(lesion.siteId);
  const sins = findRule(summary, "fracture.sins", "fracture.sinsPartial");
  const mechanicalPain =
    lesion.sins?.pain === "mechanical" || lesion.pain?.character === "mechanical";
  if (sins && sins.level !== "low") {
    // Fisher 2010: SINS 7–18 → spine-surgery consultation before planned radiotherapy.
    c.flag({
      id: "spine.sinsOpinion",
      severity: "opinion",
      label: {
        fr: "Avis de chirurgie rachidienne : SINS ≥ 7",
        en: "Spine-surgery opinion: SINS ≥ 7",
      },
      rationale: sins.rationale,
      source: sins.source,
    });
    const stab = LOCAL_TREATMENTS["surgery.spinalStabilisation"];
    c.propose("surgery.spinalStabilisation", "spine.sinsOpinion", stab.indication, stab.source);
    const orth = LOCAL_TREATMENTS["orthosis.protectedWeightBearing"];
    c.propose("orthosis.protectedWeightBearing", "spine.sinsOpinion", orth.indication, orth.source);
  }
  if (sins && sins.level !== "high" && mechanicalPain) {
    // NOMS (Laufer 2013): axial-load pain without gross instability → percutaneous cement.
    const rationale: Label = {
      fr: "Douleur mécanique sans instabilité franche : cimentoplastie percutanée (NOMS)",
      en: "Mechanical pain without gross instability: percutaneous cement augmentation (NOMS)",
    };
    c.propose(
      "ir.vertebroplasty",
      "noms.mechanical",
      rationale,
      LOCAL_TREATMENTS["ir.vertebroplasty"].source,
    );
    c.propose(
      "ir.kyphoplasty",
      "noms.mechanical",
      rationale,
      LOCAL_TREATMENTS["ir.kyphoplasty"].source,
    );
  }
  const escc = findRule(summary, "neuro.escc");
  const radiosensitivity = context.radiosensitivity ?? "unknown";
  if (escc?.level === "high") {
    c.flag({
      id: "spine.highGradeEscc",
      severity: "urgent",
      label: {
        fr: "ESCC de haut grade : discussion urgente chirurgie rachidienne / radiothérapie",
        en: "High-grade ESCC: urgent spine-surgery / radiation-oncology discussion",
      },
      rationale: escc.rationale,
      source: escc.source,
    });
    if (radiosensitivity === "radiosensitive") {
      c.propose(
        "rt.multiFraction",
        "spine.highGradeEscc",
        {
          fr: "Tumeur radiosensible : radiothérapie conventionnelle même si ESCC de haut grade (NOMS)",
          en: "Radiosensitive tumour: conventional EBRT even with high-grade ESCC (NOMS)",
        },
        "NOMS (Laufer 2013)",
      );
    } else if (radiosensitivity === "radioresistant") {
      const sep = LOCAL_TREATMENTS["surgery.separation"];
      c.propose("surgery.separation", "spine.highGradeEscc", sep.indication, sep.source);
      const srs = LOCAL_TREATMENTS["rt.stereotactic"];
      c.propose(
        "rt.stereotactic",
        "spine.highGradeEscc",
        {
          fr: "Stéréotaxie après chirurgie de séparation (NOMS)",
          en: "SBRT/SRS after separation surgery (NOMS)",
        },
        srs.source,
      );
    } else {
      const dec = LOCAL_TREATMENTS["surgery.decompressionStabilisation"];
      c.propose(
        "surgery.decompressionStabilisation",
        "spine.highGradeEscc",
        dec.indication,
        dec.source,
      );
      const rt = LOCAL_TREATMENTS["rt.multiFraction"];
      c.propose(
        "rt.multiFraction",
        "spine.highGradeEscc",
        {
          fr: "Radiothérapie (30 Gy/10 dans Patchell 2005) ; radiosensibilité à préciser",
          en: "Radiotherapy (30 Gy/10 in Patchell 2005); radiosensitivity to be stated",
        },
        rt.source,
      );
    }
  } else if (escc && radiosensitivity === "radioresistant") {
    const srs = LOCAL_TREATMENTS["rt.stereotactic"];
    c.propose("rt.stereotactic", "noms.oncologic", srs.indication, srs.source);
  }
  const esccHighOrUnknown = escc === undefined || escc.level === "high";
  if (lesion.newNeurologicalDeficit && esccHighOrUnknown) {
    c.flag({
      id: "neuro.emergencyPathway",
      severity: "emergency",
      // Below the conus the compression is of the cauda equina (skeleton/spine.ts neuralElementAt).
      label:
        site.spinalLevel && neuralElementAt(site.spinalLevel) === "caudaEquina"
          ? {
              fr: "Déficit neurologique nouveau et compression de la queue de cheval (ou IRM à faire) : filière d'urgence le jour même",
              en: "New neurological deficit with cauda equina compression (or MRI pending): same-day emergency pathway",
            }
          : {
              fr: "Déficit neurologique nouveau et compression médullaire (ou IRM à faire) : filière d'urgence le jour même",
              en: "New neurological deficit with cord compression (or MRI pending): same-day emergency pathway",
            },
      rationale: {
        fr: escc ? escc.rationale.fr : "Déficit neurologique nouveau, ESCC non évalué.",
        en: escc ? escc.rationale.en : "New neurological deficit, ESCC not assessed.",
      },
      // clinical.md §7.4: ESCC 2–3 or a new deficit → urgent spine discussion.
      source: "Bilsky 2010; Laufer 2013 (NOMS)",
    });
  }
}

function painOptions(
  c: Collector,
  lesion: LesionInput,
  site: SkeletonSite,
  context: RiskContext,
): void {
  const nrs = lesion.pain?.nrs;
  if (nrs === undefined || nrs < 4) return;
  const last = lesion.previousRadiotherapy?.lastFractionDate;
  if (lesion.previousRadiotherapy) {
    // ASTRO 2017: consider re-irradiation if pain persists or recurs > 1 month after EBRT.
    const overOneMonth =
      last !== undefined &&
      context.today !== undefined &&
      // One calendar month, not 30 days (dates.ts, decision 104).
      isMoreThanMonthsAfter(last, context.today, 1);
    if (overOneMonth || last === undefined) {
      const re = LOCAL_TREATMENTS["rt.reirradiation"];
      c.propose("rt.reirradiation", "pain.afterRadiotherapy", re.indication, re.source);
    }
    const ablation: Label = {
      fr: "Lésion douloureuse malgré la radiothérapie : thermoablation à discuter",
      en: "Lesion painful despite radiotherapy: discuss thermal ablation",
    };
    c.propose("ir.radiofrequencyAblation", "pain.afterRadiotherapy", ablation, "Sgalambro 2022");
    c.propose("ir.microwaveAblation", "pain.afterRadiotherapy", ablation, "Sgalambro 2022");
    c.propose("ir.cryoablation", "pain.afterRadiotherapy", ablation, "Sgalambro 2022");
  } else if (c.flags.length === 0) {
    // ESMO 2020 (I, A): single 8 Gy fraction for painful uncomplicated bone metastases.
    const sf = LOCAL_TREATMENTS["rt.singleFraction8Gy"];
    c.propose("rt.singleFraction8Gy", "pain.uncomplicated", sf.indication, sf.source);
  } else {
    const mf = LOCAL_TREATMENTS["rt.multiFraction"];
    c.propose("rt.multiFraction", "pain.complicated", mf.indication, mf.source);
  }
  const compressionLoaded = site.bone === "pelvis" || site.bone === "sacrum";
  if (compressionLoaded && lesion.lesionType !== "blastic") {
    const cem = LOCAL_TREATMENTS["ir.cementoplasty"];
    c.propose("ir.cementoplasty", "pain.compressionLoadedBone", cem.indication, cem.source);
  }
}

/** Flags and candidate local treatments for one lesion, each with rationale and source. */
export function treatmentTriggers(
  input: LesionInput,
  contextInput: RiskContext = {},
): TreatmentSuggestions {
  const lesion = parseOrThrow(LesionInputSchema, input, "lesion");
  const context = parseOrThrow(RiskContextSchema, contextInput, "riskContext");
  const summary = lesionRiskSummary(lesion, context);
  const site = getSite(lesion.siteId);
  const c = new Collector(site);
  orthopaedicFlags(c, summary, site, context);
  if (site.spinalLevel) spineFlags(c, lesion, summary, context);
  painOptions(c, lesion, site, context);
  const options = c.list();
  const surgical = options.some((o) => o.treatment.category === "surgery");
  if (surgical && context.hypervascularPrimary) {
    const emb = LOCAL_TREATMENTS["ir.embolisation"];
    c.propose("ir.embolisation", "context.hypervascularPrimary", emb.indication, emb.source);
  }
  if (
    surgical &&
    context.expectedSurvival_months !== undefined &&
    context.expectedSurvival_months < 3
  ) {
    c.flag({
      id: "caution.shortExpectedSurvival",
      severity: "caution",
      label: {
        fr: "Espérance de vie estimée < 3 mois : chirurgie habituellement non retenue",
        en: "Expected survival < 3 months: surgery usually not favoured",
      },
      rationale: {
        fr: `Survie attendue ${context.expectedSurvival_months} mois (inclusion Patchell ≥ 3 mois) ; pas une règle absolue.`,
        en: `Expected survival ${context.expectedSurvival_months} months (Patchell inclusion ≥ 3 months); not an absolute rule.`,
      },
      source: "Patchell 2005; ESMO 2020",
    });
  }
  const painNrs = lesion.pain?.nrs;
  const lowRisk = summary.fracture.level === "low" && summary.neurological.level === "low";
  if (
    lowRisk &&
    c.flags.length === 0 &&
    c.list().length === 0 &&
    (painNrs === undefined || painNrs < 4)
  ) {
    const obs = LOCAL_TREATMENTS.observation;
    c.propose(
      "observation",
      "noTrigger",
      {
        fr: "Aucun critère de risque atteint et douleur absente ou légère",
        en: "No risk criterion met and no or mild pain",
      },
      obs.source,
    );
  }
  return {
    lesionId: lesion.id,
    flags: c.flags,
    options: c.list(),
    risk: summary,
    patchell:
      c.has("spine.highGradeEscc") || c.has("neuro.emergencyPathway")
        ? patchellEligibility(lesion, context)
        : null,
    disclaimer: DISCLAIMER,
  };
}
