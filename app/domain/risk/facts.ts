// One input per fact (issue 10 §3, decision 073). Some score items are the same clinical fact as
// another input of the lesion; they are derived from it instead of typed again. The item's own
// stored value is the clinician's override: it wins over the derived value, a later change of the
// source fact never rewrites it, and clearing it goes back to the derived value. Derived values
// are never stored. Pure.
import type { MirelsPain } from "../scores/mirels";
import type { SinsPain } from "../scores/sins";
import type { LesionInput } from "./lesion";

/** Harrington criterion 2: lesion ≥ 2.5 cm (clinical.md §4.1), i.e. size_mm ≥ 25. */
export const HARRINGTON_LESION_SIZE_THRESHOLD_MM = 25;
/**
 * Harrington criterion 1: ≥ 50 % destruction of the cortical bone, "circumferential/diameter"
 * (clinical.md §4.1). Its circumferential reading is the Dutch circumferential cortical
 * involvement of §4.2, the same measurement, with Harrington's own threshold (≥ 50 %, where the
 * Dutch criterion is > 50 %). A diameter reading is entered as an override.
 */
export const HARRINGTON_CORTICAL_THRESHOLD_PCT = 50;

/** The input a derived item is read from, for the panel's "déduit de …". */
export type FactSource =
  | "size_mm"
  | "circumferentialCortical"
  | "painCharacter"
  | "painNrsAndCharacter";

export interface DerivedFact<T> {
  /** The value the engine uses: the override when given, otherwise the derived value. */
  value: T | undefined;
  /** What the source fact gives; undefined when the source is not given or decides nothing. */
  derived: T | undefined;
  /** The clinician's own answer, stored in the item itself. */
  override: T | undefined;
  from: FactSource;
}

function fact<T>(
  derived: T | undefined,
  override: T | undefined,
  from: FactSource,
): DerivedFact<T> {
  return { value: override ?? derived, derived, override, from };
}

export interface LesionFacts {
  harringtonLesionAtLeast25mm: DerivedFact<boolean>;
  harringtonCorticalDestructionAtLeast50: DerivedFact<boolean>;
  mirelsPain: DerivedFact<MirelsPain>;
  sinsPain: DerivedFact<SinsPain>;
}

/**
 * Mirels' "functional" pain is pain brought on or aggravated by use of the limb (clinical.md §1.1):
 * the lesion's mechanical pain (pain on loading). Non-mechanical pain decides nothing: mild vs
 * moderate is the clinician's choice, and the NRS is never mapped to Mirels (clinical.md §1.2
 * DEV NOTE).
 */
function mirelsPainFrom(lesion: LesionInput): MirelsPain | undefined {
  return lesion.pain?.character === "mechanical" ? "functional" : undefined;
}

/**
 * SINS pain (clinical.md §2.1): mechanical pain (with movement or loading) = the lesion's
 * mechanical pain; "occasional pain, not mechanical" = its non-mechanical pain; a pain-free
 * lesion = worst pain 0/10.
 */
function sinsPainFrom(lesion: LesionInput): SinsPain | undefined {
  if (lesion.pain?.nrs === 0) return "painFree";
  if (lesion.pain?.character === "mechanical") return "mechanical";
  if (lesion.pain?.character === "nonMechanical") return "occasionalNonMechanical";
  return undefined;
}

export function lesionFacts(lesion: LesionInput): LesionFacts {
  const size = lesion.size_mm;
  const circumferential = lesion.cortical?.circumferentialCorticalInvolvement_pct;
  return {
    harringtonLesionAtLeast25mm: fact(
      size === undefined ? undefined : size >= HARRINGTON_LESION_SIZE_THRESHOLD_MM,
      lesion.harrington?.lesionAtLeast25mmProximalFemur,
      "size_mm",
    ),
    harringtonCorticalDestructionAtLeast50: fact(
      circumferential === undefined
        ? undefined
        : circumferential >= HARRINGTON_CORTICAL_THRESHOLD_PCT,
      lesion.harrington?.corticalDestructionAtLeast50,
      "circumferentialCortical",
    ),
    mirelsPain: fact(mirelsPainFrom(lesion), lesion.mirels?.pain, "painCharacter"),
    sinsPain: fact(sinsPainFrom(lesion), lesion.sins?.pain, "painNrsAndCharacter"),
  };
}

/** The lesion with every derived item filled in (override first): what the scores read. */
export function withDerivedFacts(lesion: LesionInput): LesionInput {
  const f = lesionFacts(lesion);
  const harrington = {
    ...lesion.harrington,
    lesionAtLeast25mmProximalFemur: f.harringtonLesionAtLeast25mm.value,
    corticalDestructionAtLeast50: f.harringtonCorticalDestructionAtLeast50.value,
  };
  return {
    ...lesion,
    harrington: dropUndefined(harrington),
    mirels: dropUndefined({ ...lesion.mirels, pain: f.mirelsPain.value }),
    sins: dropUndefined({ ...lesion.sins, pain: f.sinsPain.value }),
  };
}

function dropUndefined<T extends object>(o: T): T | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}
