// Which worklist a user lands on after sign-in (issue 12 §4, decision 107): the list of the work
// their specialty does. Pure, so the root route and the tests share one rule.
import type { Role, Specialty } from "../records/permissions";

export type HomeWorklist = "surgeon" | "oncologist" | "coordinator";

/**
 * Specialties whose work is on the surgeon's list: operations and interventional radiology (the
 * `surgery.*` and `ir.*` plan items, decision 103). Neurosurgeons operate on the spine (SINS,
 * ESCC, clinical.md §spine).
 */
const SURGEON_SPECIALTIES: readonly Specialty[] = [
  "orthopaedic_surgery",
  "spine_surgery",
  "neurosurgery",
  "interventional_radiology",
];

/**
 * Specialties that prescribe or follow bone-targeting agents and systemic care (the BTA sequence
 * and its warnings, issue 12 §1; radiotherapy courses): the oncologist's list.
 */
const ONCOLOGIST_SPECIALTIES: readonly Specialty[] = [
  "medical_oncology",
  "radiation_oncology",
  "rheumatology",
  "palliative_care",
  "pain_medicine",
];

/**
 * Coordinators, admins, observers and the physicians of other specialties (radiology, nuclear
 * medicine, other) land on the coordinator's list: the RCP's next meetings, fiches and overdue
 * actions, read-only for whoever may not change a case.
 */
export function homeWorklistOf(user: { role: Role; specialty: string | null }): HomeWorklist {
  if (user.role !== "physician" || user.specialty === null) return "coordinator";
  if (SURGEON_SPECIALTIES.some((s) => s === user.specialty)) return "surgeon";
  if (ONCOLOGIST_SPECIALTIES.some((s) => s === user.specialty)) return "oncologist";
  return "coordinator";
}
