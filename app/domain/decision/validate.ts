// A decision checked against the case it decides: every lesion of the board decided once, each
// action applicable to its site, dates not before the meeting, the trial open for the patient's
// primary, the systemic decision legal for the sequence. Problems come back as values naming the
// field (the route answers 400 with them); nothing here throws on a clinical "no".

import * as z from "zod";
import type { StartCondition } from "../bta/gates";
import type { BtaWarning } from "../bta/sequence";
import type { Label } from "../common";
import { compareIsoDates } from "../dates";
import { parseOrThrow } from "../errors";
import { CANCER_TYPES } from "../records/cancer";
import { TREATMENT_APPLICABILITY } from "../risk/applicability";
import { type LesionInput, LesionInputSchema } from "../risk/lesion";
import { getSite } from "../skeleton/catalogue";
import { LOCAL_TREATMENTS } from "../treatments/catalogue";
import { type Decision, type DecisionInput, DecisionSchema } from "./schema";
import { checkSystemicDecision, type SystemicContext } from "./systemic";
import { CLINICAL_TRIALS, trialOpenFor } from "./trials";

export interface DecisionProblem {
  field: string;
  code: string;
  reason: Label;
}

export interface DecisionContext {
  /** The board's lesions at the time of the decision. */
  lesions: readonly LesionInput[];
  primaryCancer: (typeof CANCER_TYPES)[number];
  systemic: Omit<SystemicContext, "decidedOn">;
}

export type DecisionCheck =
  | {
      ok: true;
      decision: Decision;
      warnings: BtaWarning[];
      /** Start gates to meet before the first dose, stamped on the signed version (decision 119). */
      conditions: StartCondition[];
    }
  | { ok: false; problems: DecisionProblem[] };

/** Parses (DomainInputError on malformed input) and checks a decision; clinical problems are listed. */
export function checkDecision(input: DecisionInput, context: DecisionContext): DecisionCheck {
  const decision = parseOrThrow(DecisionSchema, input, "decision");
  const lesions = context.lesions.map((l) => parseOrThrow(LesionInputSchema, l, "lesion"));
  const primaryCancer = parseOrThrow(z.enum(CANCER_TYPES), context.primaryCancer, "decision");
  const problems: DecisionProblem[] = [];
  const byId = new Map(lesions.map((l) => [l.id, l]));
  for (const [i, d] of decision.lesions.entries()) {
    const lesion = byId.get(d.lesionId);
    if (!lesion) {
      problems.push({
        field: `lesions.${i}.lesionId`,
        code: "unknownLesion",
        reason: {
          fr: `La lésion ${d.lesionId} n'est pas sur le tableau.`,
          en: `Lesion ${d.lesionId} is not on the board.`,
        },
      });
      continue;
    }
    const site = getSite(lesion.siteId);
    const rule = TREATMENT_APPLICABILITY[d.action];
    if (!rule.applies(site)) {
      const t = LOCAL_TREATMENTS[d.action].label;
      problems.push({
        field: `lesions.${i}.action`,
        code: "actionNotApplicable",
        reason: {
          fr: `${t.fr} ne s'applique pas à ${site.label.fr} (${rule.appliesTo.fr} ; ${rule.source}).`,
          en: `${t.en} does not apply to ${site.label.en} (${rule.appliesTo.en}; ${rule.source}).`,
        },
      });
    }
    if (d.targetDate && compareIsoDates(d.targetDate, decision.decidedOn) < 0)
      problems.push({
        field: `lesions.${i}.targetDate`,
        code: "dateBeforeMeeting",
        reason: {
          fr: "La date cible précède la date de la RCP.",
          en: "The target date is before the meeting.",
        },
      });
  }
  const decided = new Set(decision.lesions.map((d) => d.lesionId));
  for (const lesion of lesions)
    if (!decided.has(lesion.id))
      problems.push({
        field: "lesions",
        code: "lesionUndecided",
        reason: {
          fr: `Aucune proposition pour la lésion ${getSite(lesion.siteId).label.fr} (${lesion.id}) ; choisir au moins « surveillance ».`,
          en: `No proposal for lesion ${getSite(lesion.siteId).label.en} (${lesion.id}); choose at least "observation".`,
        },
      });
  for (const [i, f] of decision.imagingFollowUp.entries())
    if (compareIsoDates(f.dueDate, decision.decidedOn) < 0)
      problems.push({
        field: `imagingFollowUp.${i}.dueDate`,
        code: "dateBeforeMeeting",
        reason: {
          fr: "L'imagerie de suivi est datée avant la RCP.",
          en: "The follow-up imaging is dated before the meeting.",
        },
      });
  if (decision.trial.proposed && !trialOpenFor(decision.trial.trialId, primaryCancer)) {
    const trial = CLINICAL_TRIALS[decision.trial.trialId];
    problems.push({
      field: "trial.trialId",
      code: "trialClosed",
      reason: {
        fr: `${trial.id} (${trial.nct}) est fermé pour ce cancer primitif (${trial.source}).`,
        en: `${trial.id} (${trial.nct}) is closed for this primary cancer (${trial.source}).`,
      },
    });
  }
  const systemic = checkSystemicDecision(decision.systemic, {
    ...context.systemic,
    decidedOn: decision.decidedOn,
  });
  if (!systemic.ok)
    problems.push({ field: "systemic.action", code: systemic.code, reason: systemic.reason });
  if (problems.length > 0 || !systemic.ok) return { ok: false, problems };
  return { ok: true, decision, warnings: systemic.warnings, conditions: systemic.conditions };
}
