// Is a case ready to be decided (issue 11 §2)? Gathers what the pure kernel
// (app/domain/meeting/readiness.ts) reads: the case, the patient record, the patient's stored live
// board (the lesions are shared by all the patient's cases, decision 072) and the BTA sequence.
// Read-only: no transaction, no audit row.
import type { BoardLesion } from "../../app/domain/board/schema";
import { readBoard } from "../../app/domain/board/ydoc";
import { caseReadiness, type Readiness } from "../../app/domain/meeting/readiness";
import { getCase } from "../../db/cases";
import { createCollabStore } from "../../db/collab";
import type { PatientRow } from "../../db/patients";
import { loadStoredBoardDoc } from "../collab/history";
import { readBtaSequence } from "./bta";
import { type AppContext, todayOf } from "./context";
import { notFound } from "./refusal";

export type { Readiness };

const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/**
 * The lesions of the patient's board as stored (latest snapshot + the updates after it). A lesion
 * a client wrote wrongly is left out by the lenient parse: the board page lists it to be fixed.
 */
function storedLesions(ctx: AppContext, patientId: number): BoardLesion[] {
  const doc = loadStoredBoardDoc(createCollabStore(ctx.sqlite), patientId);
  try {
    return readBoard(doc, null).lesions;
  } finally {
    doc.destroy();
  }
}

function readinessWith(
  ctx: AppContext,
  c: { btaInQuestion: boolean | null; imagingDate: string | null },
  patient: PatientRow,
  lesions: BoardLesion[],
): Readiness {
  const bta = readBtaSequence(ctx, patient.id);
  // The dental check is one fact: the patient record's, else the one given when a BTA was started.
  const eventDental = bta.events
    .map((e) => e.dentalCheckDate)
    .filter((d): d is string => d !== null)
    .at(-1);
  const dentalCheckDate = patient.dentalCheckDate ?? eventDental;
  return caseReadiness({
    today: todayOf(ctx),
    lesions,
    patient: {
      ecog: orUndefined(patient.ecog),
      karnofsky: orUndefined(patient.karnofsky),
      // The latest clearance of the record or of a BTA event (the BTA section's own reading).
      creatinineClearanceMlMin: bta.latestClearance?.mL_min,
      creatinineClearanceDate: bta.latestClearance?.date,
      dentalCheckDate: dentalCheckDate ?? undefined,
      wishes: orUndefined(patient.wishes),
    },
    case: { btaInQuestion: c.btaInQuestion, imagingDate: orUndefined(c.imagingDate) },
    btaStatus: bta.state.status,
  });
}

/** What is missing to decide one case; an unknown case is a 404 refusal. */
export function caseReadinessFor(ctx: AppContext, caseId: number): Readiness {
  const found = getCase(ctx.db, caseId);
  if (!found) throw notFound();
  return readinessWith(ctx, found.case, found.patient, storedLesions(ctx, found.patient.id));
}

/**
 * Readiness of every case of a meeting's agenda, by case id. Each patient's board is read once,
 * however many of their cases are on the agenda. An unknown case id is a 404 refusal.
 */
export function readinessOfCases(ctx: AppContext, caseIds: number[]): Map<number, Readiness> {
  const lesionsOf = new Map<number, BoardLesion[]>();
  const out = new Map<number, Readiness>();
  for (const caseId of caseIds) {
    if (out.has(caseId)) continue;
    const found = getCase(ctx.db, caseId);
    if (!found) throw notFound();
    const patientId = found.patient.id;
    let lesions = lesionsOf.get(patientId);
    if (!lesions) {
      lesions = storedLesions(ctx, patientId);
      lesionsOf.set(patientId, lesions);
    }
    out.set(caseId, readinessWith(ctx, found.case, found.patient, lesions));
  }
  return out;
}
