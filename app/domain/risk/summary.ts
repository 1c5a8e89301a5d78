import { type Label, RISK_ORDER, type RiskLevel, STANDARD_GRAVITY_M_S2 } from "../common";
import { parseOrThrow } from "../errors";
import { type AsiaResult, asiaScore } from "../scores/asia";
import { type CorticalResult, femoralCorticalScore } from "../scores/cortical";
import { type EsccResult, esccScore } from "../scores/escc";
import { type FrankelResult, frankelScore } from "../scores/frankel";
import {
  HARRINGTON_CRITERIA_LABELS,
  type HarringtonCriterion,
  type HarringtonResult,
  harringtonScore,
} from "../scores/harrington";
import {
  MIRELS_SOURCE,
  type MirelsResult,
  mirelsCategory,
  mirelsPointsRange,
  mirelsScore,
} from "../scores/mirels";
import { type PainResult, painScore } from "../scores/pain";
import {
  SINS_SOURCE,
  type SinsResult,
  sinsCategory,
  sinsPointsRange,
  sinsScore,
} from "../scores/sins";
import { getSite, type SkeletonSite } from "../skeleton/catalogue";
import {
  type ApplicableScore,
  HARRINGTON_ITEM_APPLICABILITY,
  SCORE_APPLICABILITY,
  scoreApplies,
} from "./applicability";
import { withDerivedFacts } from "./facts";
import { type LesionInput, LesionInputSchema, type RiskContext, RiskContextSchema } from "./lesion";

const HARRINGTON_KEYS = Object.keys(HARRINGTON_CRITERIA_LABELS) as HarringtonCriterion[];

const IGNORED_LABELS: Record<ApplicableScore, Label> = {
  mirels: { fr: "Items de Mirels", en: "Mirels items" },
  sins: { fr: "Items du SINS", en: "SINS items" },
  neurological: { fr: "Grades ESCC, Frankel et ASIA", en: "ESCC, Frankel and ASIA grades" },
  harringtonLongBone: { fr: "Critères de Harrington", en: "Harrington criteria" },
  harringtonProximalFemur: {
    fr: "Critères de Harrington du fémur proximal",
    en: "Proximal-femur Harrington criteria",
  },
  cortical: { fr: "Critères corticaux", en: "Cortical criteria" },
};

/**
 * A stored value for an item that does not apply to the site is never counted: it is dropped,
 * with a warning naming what was ignored and where it applies (risk/applicability.ts).
 */
function dropInapplicable(lesion: LesionInput, site: SkeletonSite, warnings: Label[]): LesionInput {
  const ignore = (score: ApplicableScore) => {
    const row = SCORE_APPLICABILITY[score];
    const what = IGNORED_LABELS[score];
    warnings.push({
      fr: `${what.fr} ignorés : ils s'appliquent aux ${row.appliesTo.fr}, pas à ce site.`,
      en: `${what.en} ignored: they apply to ${row.appliesTo.en}, not to this site.`,
    });
  };
  const has = (o: object | undefined) =>
    o !== undefined && Object.values(o).some((v) => v !== undefined);
  const out: LesionInput = { ...lesion };
  if (!scoreApplies("mirels", site) && has(lesion.mirels)) ignore("mirels");
  if (!scoreApplies("sins", site) && has(lesion.sins)) ignore("sins");
  if (
    !scoreApplies("neurological", site) &&
    (lesion.escc !== undefined || lesion.frankel !== undefined || lesion.asia !== undefined)
  ) {
    ignore("neurological");
    out.escc = undefined;
    out.frankel = undefined;
    out.asia = undefined;
  }
  if (!scoreApplies("cortical", site) && has(lesion.cortical)) {
    ignore("cortical");
    out.cortical = undefined;
  }
  const h = lesion.harrington;
  if (h) {
    const kept: NonNullable<LesionInput["harrington"]> = {};
    const ignoredRows = new Set<ApplicableScore>();
    for (const key of HARRINGTON_KEYS) {
      if (h[key] === undefined) continue;
      const row = HARRINGTON_ITEM_APPLICABILITY[key];
      if (scoreApplies(row, site)) kept[key] = h[key];
      else ignoredRows.add(row);
    }
    for (const row of ignoredRows) ignore(row);
    out.harrington = kept;
  }
  return out;
}

/**
 * The rule "FE failure load below N × body weight" (N is the board parameter): fe.md §3.4, where the
 * FE failure load predicted fracture better than clinicians (Eggermont 2018) and a threshold
 * normalised to body weight is quoted (Eggermont 2020, value UNVERIFIED: hence the board sets N).
 */
export const FE_RULE_SOURCE =
  "Eggermont 2018 (Bone Joint Res 7:430); Eggermont 2020 (Bone 130:115101)";

/** One rule that assessed an axis of a lesion. */
export interface RuleOutcome {
  ruleId: string;
  level: Exclude<RiskLevel, "unknown">;
  rationale: Label;
  source: string;
}

export interface AxisAssessment {
  level: RiskLevel;
  /** The rule that set the level (the worst one), or null when no rule could decide. */
  decidedBy: RuleOutcome | null;
  /** Every rule that produced a level, worst first. */
  rules: RuleOutcome[];
}

export interface LesionScores {
  mirels?: MirelsResult;
  sins?: SinsResult;
  escc?: EsccResult;
  frankel?: FrankelResult;
  asia?: AsiaResult;
  harrington?: HarringtonResult;
  cortical?: CorticalResult;
  pain?: PainResult;
}

export interface LesionRiskSummary {
  lesionId: string;
  siteId: string;
  side: LesionInput["side"];
  fracture: AxisAssessment;
  neurological: AxisAssessment;
  pain: AxisAssessment;
  /** Worst known level of the three axes, for map colouring; 'unknown' only if none is known. */
  worst: RiskLevel;
  /** True when all three axes have a level. */
  complete: boolean;
  /** Larger = more urgent. Sort worklists descending. See README for the composition. */
  sortKey: number;
  scores: LesionScores;
  /** Inputs that were present but could not be used (e.g. Mirels items on a vertebra). */
  warnings: Label[];
}

function assess(rules: RuleOutcome[]): AxisAssessment {
  // Stable sort: among equal levels the first rule in priority order decides.
  const sorted = [...rules].sort((a, b) => RISK_ORDER[b.level] - RISK_ORDER[a.level]);
  const first = sorted[0];
  return first
    ? { level: first.level, decidedBy: first, rules: sorted }
    : { level: "unknown", decidedBy: null, rules: [] };
}

function levelFromMirels(points: number): RuleOutcome["level"] {
  const category = mirelsCategory(points);
  return category === "prophylacticFixation"
    ? "high"
    : category === "borderline"
      ? "moderate"
      : "low";
}

function levelFromSins(points: number): RuleOutcome["level"] {
  const category = sinsCategory(points);
  return category === "unstable" ? "high" : category === "potentiallyUnstable" ? "moderate" : "low";
}

/**
 * A partly scored lesion: decided when every still-possible total gives the same level; when they
 * differ but the lowest possible total is already above "low", that level is a floor ("at least").
 */
function partialRule(
  ruleId: string,
  name: string,
  range: { min: number; max: number },
  levelOf: (total: number) => RuleOutcome["level"],
  source: string,
): RuleOutcome | null {
  const floor = levelOf(range.min);
  const same = floor === levelOf(range.max);
  if (!same && floor === "low") return null;
  const tail: Label = same
    ? {
        fr: "même catégorie quels que soient les items manquants",
        en: "same category whatever the missing items",
      }
    : { fr: "niveau minimal, à compléter", en: "floor level, to be completed" };
  return {
    ruleId,
    level: floor,
    rationale: {
      fr: `${name} partiel : total entre ${range.min} et ${range.max}, ${tail.fr}.`,
      en: `Partial ${name}: total between ${range.min} and ${range.max}, ${tail.en}.`,
    },
    source,
  };
}

function mirelsRule(
  lesion: LesionInput,
  site: SkeletonSite,
  scores: LesionScores,
): RuleOutcome | null {
  const pain = lesion.mirels?.pain;
  const size = lesion.mirels?.size;
  const lesionType = lesion.lesionType;
  if (pain && size && lesionType) {
    const result = mirelsScore({ siteId: site.id, pain, size, lesionType });
    scores.mirels = result;
    return {
      ruleId: "fracture.mirels",
      level: levelFromMirels(result.points),
      rationale: result.rationale,
      source: MIRELS_SOURCE,
    };
  }
  // Partly scored: decide only if every still-possible total falls in the same category.
  const range = mirelsPointsRange({ siteId: site.id, pain, size, lesionType });
  return partialRule("fracture.mirelsPartial", "Mirels", range, levelFromMirels, MIRELS_SOURCE);
}

function sinsRule(
  lesion: LesionInput,
  site: SkeletonSite,
  scores: LesionScores,
): RuleOutcome | null {
  const s = lesion.sins ?? {};
  const lesionType = lesion.lesionType;
  if (s.pain && s.alignment && s.collapse && s.posterolateral && lesionType) {
    const result = sinsScore({
      siteId: site.id,
      lesionType,
      pain: s.pain,
      alignment: s.alignment,
      collapse: s.collapse,
      posterolateral: s.posterolateral,
    });
    scores.sins = result;
    return {
      ruleId: "fracture.sins",
      level: levelFromSins(result.points),
      rationale: result.rationale,
      source: SINS_SOURCE,
    };
  }
  const range = sinsPointsRange({ siteId: site.id, lesionType, ...s });
  return partialRule("fracture.sinsPartial", "SINS", range, levelFromSins, SINS_SOURCE);
}

function fractureRules(
  lesion: LesionInput,
  site: SkeletonSite,
  context: RiskContext,
  scores: LesionScores,
): RuleOutcome[] {
  const rules: RuleOutcome[] = [];
  if (lesion.completedFracture) {
    rules.push({
      ruleId: "fracture.completed",
      level: "high",
      rationale: {
        fr: "Fracture pathologique constituée.",
        en: "Completed pathological fracture.",
      },
      // clinical.md §7.4: completed pathological fracture → orthopaedic surgery.
      source: "ESMO 2020",
    });
  }
  if (site.mirelsSite) {
    const rule = mirelsRule(lesion, site, scores);
    if (rule) rules.push(rule);
  }
  const h = lesion.harrington;
  if (h) {
    // Only the criteria that apply to the site count (risk/applicability.ts); the others are
    // dropped before scoring and read as "not met".
    const applicable = HARRINGTON_KEYS.filter((k) =>
      scoreApplies(HARRINGTON_ITEM_APPLICABILITY[k], site),
    );
    const given = applicable.filter((k) => h[k] !== undefined);
    const anyMet = applicable.some((k) => h[k] === true);
    if (applicable.length > 0 && (anyMet || given.length === applicable.length)) {
      const met = (k: HarringtonCriterion) => applicable.includes(k) && h[k] === true;
      const result = harringtonScore({
        corticalDestructionAtLeast50: met("corticalDestructionAtLeast50"),
        lesionAtLeast25mmProximalFemur: met("lesionAtLeast25mmProximalFemur"),
        lesserTrochanterAvulsion: met("lesserTrochanterAvulsion"),
        painPersistingAfterRadiotherapy: met("painPersistingAfterRadiotherapy"),
      });
      scores.harrington = result;
      rules.push({
        ruleId: "fracture.harrington",
        level: anyMet ? "high" : "low",
        rationale: anyMet
          ? result.rationale
          : {
              fr: `Harrington : aucun des critères (${applicable.length}) rempli.`,
              en: `Harrington: none of the ${applicable.length} criteria met.`,
            },
        source: result.source,
      });
    }
  }
  const c = lesion.cortical;
  const hasCortical =
    c !== undefined &&
    (c.axialCorticalInvolvement_mm !== undefined ||
      c.circumferentialCorticalInvolvement_pct !== undefined);
  if (hasCortical && site.bone === "femur") {
    const result = femoralCorticalScore({ siteId: site.id, ...c });
    scores.cortical = result;
    rules.push({
      ruleId: "fracture.femoralCortical",
      level: result.category === "criterionMet" ? "high" : "low",
      rationale: result.rationale,
      source: result.source,
    });
  }
  const fe = feRule(lesion, context);
  if (fe) rules.push(fe);
  if (site.sinsLocation) {
    const rule = sinsRule(lesion, site, scores);
    if (rule) rules.push(rule);
  }
  return rules;
}

/** FE failure load below N × body weight (N is the board's parameter). */
export function feFailureLoadBelowThreshold(
  failureLoad_N: number,
  thresholdBodyWeights: number,
  bodyWeight_kg: number,
): { below: boolean; threshold_N: number; ratio_bodyWeights: number } {
  const weight_N = bodyWeight_kg * STANDARD_GRAVITY_M_S2;
  const threshold_N = thresholdBodyWeights * weight_N;
  return {
    below: failureLoad_N < threshold_N,
    threshold_N,
    ratio_bodyWeights: failureLoad_N / weight_N,
  };
}

/** A number as French writes it (6,8) and as English does (6.8). */
const frDecimal = (v: number | string) => String(v).replace(".", ",");
/** Newtons as the FE card writes them: 4 924 N in French (narrow no-break space), 4,924 N in English. */
const FR_INTEGER = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });
const EN_INTEGER = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });

/**
 * Which weight the multiple uses, in words (decision 132): a computed result's own weight, recorded
 * with its job, so the rule shows the card's multiple; a typed failure load, the patient record's.
 */
function feWeightWords(
  computed: boolean,
  weight_kg: number | undefined,
  recordWeight_kg: number | undefined,
): { fr: string; en: string } {
  if (!computed) {
    const kg = weight_kg === undefined ? "" : Math.round(weight_kg * 10) / 10;
    return {
      fr: `${frDecimal(kg)} kg, poids du dossier patient`,
      en: `${kg} kg, patient record weight`,
    };
  }
  const kg = weight_kg === undefined ? undefined : Math.round(weight_kg * 10) / 10;
  const own =
    kg === undefined
      ? { fr: "poids saisi avec le calcul EF", en: "weight entered with the FE analysis" }
      : {
          fr: `${frDecimal(kg)} kg, poids saisi avec le calcul EF`,
          en: `${kg} kg, weight entered with the FE analysis`,
        };
  const record = recordWeight_kg === undefined ? undefined : Math.round(recordWeight_kg * 10) / 10;
  if (record === undefined || kg === undefined || record === kg) return own;
  // The record changed since (or differed from the weight typed): said, not silently applied.
  return {
    fr: `${own.fr} ; le dossier indique aujourd'hui ${frDecimal(record)} kg`,
    en: `${own.en}; the record now says ${record} kg`,
  };
}

function feRule(lesion: LesionInput, context: RiskContext): RuleOutcome | null {
  const load = lesion.fe?.failureLoad_N;
  const n = context.feFailureLoadThreshold_bodyWeights;
  if (load === undefined || n === undefined) return null;
  // A computed result carries its multiple and weight (ydoc.ts withFeResults); a typed failure
  // load is compared with the patient record's weight, as before.
  const computedBW = lesion.fe?.failureLoad_BW;
  let below: boolean;
  let ratio_bodyWeights: number;
  let weight_kg: number | undefined;
  if (computedBW !== undefined) {
    ratio_bodyWeights = computedBW;
    below = computedBW < n;
    weight_kg = lesion.fe?.bodyWeight_kg;
  } else {
    if (context.bodyWeight_kg === undefined) return null;
    weight_kg = context.bodyWeight_kg;
    ({ below, ratio_bodyWeights } = feFailureLoadBelowThreshold(load, n, weight_kg));
  }
  const ratio = ratio_bodyWeights.toFixed(1);
  // French writes the decimal with a comma (6,8 × poids du corps).
  const ratioFr = frDecimal(ratio);
  const nFr = frDecimal(n);
  const w = feWeightWords(computedBW !== undefined, weight_kg, context.bodyWeight_kg);
  return {
    ruleId: "fracture.feFailureLoad",
    level: below ? "high" : "low",
    rationale: below
      ? {
          fr: `Force à la rupture ${FR_INTEGER.format(Math.round(load))} N = ${ratioFr} × poids du corps (${w.fr}), sous le seuil de ${nFr} × poids du corps.`,
          en: `FE failure load ${EN_INTEGER.format(Math.round(load))} N = ${ratio} × body weight (${w.en}), below the threshold of ${n} × body weight.`,
        }
      : {
          fr: `Force à la rupture ${FR_INTEGER.format(Math.round(load))} N = ${ratioFr} × poids du corps (${w.fr}), au-dessus du seuil de ${nFr} × poids du corps.`,
          en: `FE failure load ${EN_INTEGER.format(Math.round(load))} N = ${ratio} × body weight (${w.en}), at or above the threshold of ${n} × body weight.`,
        },
    source: FE_RULE_SOURCE,
  };
}

function neurologicalRules(
  lesion: LesionInput,
  site: SkeletonSite,
  scores: LesionScores,
): RuleOutcome[] {
  if (!site.spinalLevel) {
    return [
      {
        ruleId: "neuro.nonSpinalSite",
        level: "low",
        rationale: {
          fr: "Site hors rachis : pas de risque de compression médullaire par cette lésion.",
          en: "Site outside the spine: no spinal cord compression risk from this lesion.",
        },
        source: SCORE_APPLICABILITY.neurological.source,
      },
    ];
  }
  const rules: RuleOutcome[] = [];
  if (lesion.newNeurologicalDeficit) {
    rules.push({
      ruleId: "neuro.newDeficit",
      level: "high",
      rationale: {
        fr: "Déficit neurologique nouveau : filière d'urgence.",
        en: "New neurological deficit: emergency pathway.",
      },
      // clinical.md §7.4: new deficit with compression → emergency pathway (time targets UNVERIFIED).
      source: "Laufer 2013 (NOMS)",
    });
  }
  if (lesion.escc) {
    const result = esccScore({ grade: lesion.escc, spinalLevel: site.spinalLevel });
    scores.escc = result;
    rules.push({
      ruleId: "neuro.escc",
      level:
        result.category === "highGrade"
          ? "high"
          : result.category === "greyZone"
            ? "moderate"
            : "low",
      rationale: result.rationale,
      source: result.source,
    });
  }
  if (lesion.frankel) {
    const result = frankelScore({ grade: lesion.frankel });
    scores.frankel = result;
    rules.push({
      ruleId: "neuro.frankel",
      level: result.items.deficit ? "high" : "low",
      rationale: result.rationale,
      source: result.source,
    });
  }
  if (lesion.asia) {
    const result = asiaScore({ grade: lesion.asia });
    scores.asia = result;
    rules.push({
      ruleId: "neuro.asia",
      level: result.items.deficit ? "high" : "low",
      rationale: result.rationale,
      source: result.source,
    });
  }
  return rules;
}

function painRules(lesion: LesionInput, scores: LesionScores): RuleOutcome[] {
  const nrs = lesion.pain?.nrs;
  if (nrs === undefined) return [];
  const result = painScore({ nrs, character: lesion.pain?.character });
  scores.pain = result;
  const level =
    result.category === "severe" ? "high" : result.category === "moderate" ? "moderate" : "low";
  return [{ ruleId: "pain.nrs", level, rationale: result.rationale, source: result.source }];
}

// Worklist urgency: a lesion not yet assessed ranks above a lesion known to be low risk.
const SORT_RANK: Record<RiskLevel, number> = { high: 3, moderate: 2, unknown: 1, low: 0 };

/**
 * Fracture, neurological and pain levels of one lesion, each with the rule that decided it.
 * Throws DomainInputError when the lesion does not match LesionInputSchema.
 */
export function lesionRiskSummary(
  input: LesionInput,
  contextInput: RiskContext = {},
): LesionRiskSummary {
  const stored = parseOrThrow(LesionInputSchema, input, "lesion");
  const context = parseOrThrow(RiskContextSchema, contextInput, "riskContext");
  const site = getSite(stored.siteId);
  const scores: LesionScores = {};
  const warnings: Label[] = [];
  // Stored items that do not apply are dropped (with a warning) before facts are derived; the
  // derived items themselves are then read only where their score applies.
  const lesion = withDerivedFacts(dropInapplicable(stored, site, warnings));
  const fracture = assess(fractureRules(lesion, site, context, scores));
  const neurological = assess(neurologicalRules(lesion, site, scores));
  const pain = assess(painRules(lesion, scores));
  const levels = [fracture.level, neurological.level, pain.level];
  const known = levels.filter((l) => l !== "unknown");
  const worst = known.reduce<RiskLevel>(
    (w, l) => (RISK_ORDER[l] > RISK_ORDER[w] ? l : w),
    "unknown",
  );
  const sortKey =
    SORT_RANK[worst] * 1000 +
    SORT_RANK[neurological.level] * 100 +
    SORT_RANK[fracture.level] * 10 +
    SORT_RANK[pain.level];
  return {
    lesionId: lesion.id,
    siteId: site.id,
    side: lesion.side,
    fracture,
    neurological,
    pain,
    worst,
    complete: known.length === levels.length,
    sortKey,
    scores,
    warnings,
  };
}

/** Summaries of a whole board, most urgent first (ties keep board order). */
export function boardRiskSummary(
  lesions: readonly LesionInput[],
  context: RiskContext = {},
): LesionRiskSummary[] {
  return lesions.map((l) => lesionRiskSummary(l, context)).sort((a, b) => b.sortKey - a.sortKey);
}
