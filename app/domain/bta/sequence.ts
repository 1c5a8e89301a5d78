import * as z from "zod";
import type { Label, Refusal } from "../common";
import { addWeeks, compareIsoDates, dateInLabel, IsoDateSchema } from "../dates";
import { parseOrThrow } from "../errors";
import { BTA_AGENT_LABELS, BtaAgentSchema, DENOSUMAB_DOSE_MG, isAllowedInterval } from "./agents";
import { btaStartGates, StartGatesInputSchema } from "./gates";
import { zoledronicRenalCheck } from "./renal";

/**
 * BTA sequence state machine: none → active → paused → active … → stopped, with switches between
 * agents (clinical.md §6.4 DEV NOTES). "stopped" is final: a later restart is a new sequence.
 */

export const PauseReasonSchema = z.enum([
  "dentalProcedure",
  "osteonecrosisOfJaw",
  "renalDeterioration",
  "hypocalcaemia",
  "patientChoice",
  "endOfLife",
  "other",
]);
export type PauseReason = z.infer<typeof PauseReasonSchema>;

export const PAUSE_REASON_LABELS: Record<PauseReason, Label> = {
  dentalProcedure: { fr: "soins dentaires invasifs", en: "invasive dental procedure" },
  osteonecrosisOfJaw: { fr: "ostéonécrose de la mâchoire", en: "osteonecrosis of the jaw" },
  renalDeterioration: { fr: "dégradation de la fonction rénale", en: "renal deterioration" },
  hypocalcaemia: { fr: "hypocalcémie", en: "hypocalcaemia" },
  patientChoice: { fr: "choix du patient", en: "patient choice" },
  endOfLife: { fr: "fin de vie", en: "end of life" },
  other: { fr: "autre", en: "other" },
};

const RegimenSchema = z.object({
  agent: BtaAgentSchema,
  dose_mg: z.number().positive(),
  intervalWeeks: z.number().int().positive(),
  /** Date of the first dose of this agent in the sequence. */
  agentSince: IsoDateSchema,
  /** Zoledronic acid: baseline creatinine for the withhold/resume rule. */
  baselineCreatinine_umol_L: z.number().positive().nullable(),
});

export const BtaSequenceStateSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("none") }),
  z.object({
    status: z.literal("active"),
    regimen: RegimenSchema,
    startedOn: IsoDateSchema,
    lastDoseDate: IsoDateSchema,
    /** Last initiate/resume/switch: the next dose is never due before it. */
    activeSince: IsoDateSchema,
    lastEventDate: IsoDateSchema,
  }),
  z.object({
    status: z.literal("paused"),
    regimen: RegimenSchema,
    startedOn: IsoDateSchema,
    lastDoseDate: IsoDateSchema,
    pausedOn: IsoDateSchema,
    pauseReason: PauseReasonSchema,
    lastEventDate: IsoDateSchema,
  }),
  z.object({
    status: z.literal("stopped"),
    regimen: RegimenSchema,
    startedOn: IsoDateSchema,
    lastDoseDate: IsoDateSchema,
    stoppedOn: IsoDateSchema,
    lastEventDate: IsoDateSchema,
  }),
]);
export type BtaSequenceState = z.infer<typeof BtaSequenceStateSchema>;
export type BtaStatus = BtaSequenceState["status"];

export const BTA_STATUS_LABELS: Record<BtaStatus, Label> = {
  none: { fr: "non initié", en: "not started" },
  active: { fr: "en cours", en: "active" },
  paused: { fr: "suspendu", en: "paused" },
  stopped: { fr: "arrêté", en: "stopped" },
};

const StartSchema = StartGatesInputSchema.omit({ agent: true, startDate: true }).extend({
  intervalWeeks: z.number().int().positive(),
  baselineCreatinine_umol_L: z.number().positive().optional(),
});

export const BtaEventSchema = z.discriminatedUnion("type", [
  StartSchema.extend({ type: z.literal("initiate"), date: IsoDateSchema, agent: BtaAgentSchema }),
  z.object({
    type: z.literal("administer"),
    date: IsoDateSchema,
    creatinine_umol_L: z.number().positive().optional(),
  }),
  z.object({ type: z.literal("pause"), date: IsoDateSchema, reason: PauseReasonSchema }),
  z.object({
    type: z.literal("resume"),
    date: IsoDateSchema,
    creatinine_umol_L: z.number().positive().optional(),
  }),
  StartSchema.extend({ type: z.literal("switch"), date: IsoDateSchema, agent: BtaAgentSchema }),
  z.object({ type: z.literal("stop"), date: IsoDateSchema }),
]);
export type BtaEvent = z.infer<typeof BtaEventSchema>;
export type BtaEventType = BtaEvent["type"];

export const BTA_EVENT_LABELS: Record<BtaEventType, Label> = {
  initiate: { fr: "initier", en: "initiate" },
  administer: { fr: "administrer une dose", en: "give a dose" },
  pause: { fr: "suspendre", en: "pause" },
  resume: { fr: "reprendre", en: "resume" },
  switch: { fr: "changer d'agent", en: "switch agent" },
  stop: { fr: "arrêter", en: "stop" },
};

export interface BtaWarning {
  id: "reboundOnStop" | "reboundOnPause" | "denosumabHypocalcaemia";
  label: Label;
  source: string;
}

export type BtaTransition = { ok: true; state: BtaSequenceState; warnings: BtaWarning[] } | Refusal;

export const REBOUND_SOURCE =
  "ECTS 2021 (JCEM 106:264); Anastasilakis 2021; Dupont 2022 (Bone Rep 16:101582)";

const REBOUND_ON_STOP: BtaWarning = {
  id: "reboundOnStop",
  label: {
    fr: "Arrêt du dénosumab : effet rebond (perte osseuse rapide, fractures vertébrales multiples) ; envisager un bisphosphonate de relais.",
    en: "Denosumab stopped: rebound (rapid bone loss, multiple vertebral fractures); consider a follow-on bisphosphonate.",
  },
  source: REBOUND_SOURCE,
};

const REBOUND_ON_PAUSE: BtaWarning = {
  id: "reboundOnPause",
  label: {
    fr: "Dénosumab suspendu : risque d'effet rebond si la suspension se prolonge ; prévoir un relais si elle dure.",
    en: "Denosumab paused: rebound risk if the pause lasts; plan a follow-on if it does.",
  },
  source: REBOUND_SOURCE,
};

export const NO_SEQUENCE: BtaSequenceState = { status: "none" };

function reject(code: string, fr: string, en: string): BtaTransition {
  return { ok: false, code, reason: { fr, en } };
}

function illegal(state: BtaSequenceState, type: BtaEventType): BtaTransition {
  const s = BTA_STATUS_LABELS[state.status];
  const e = BTA_EVENT_LABELS[type];
  const hint: Label =
    state.status === "stopped"
      ? {
          fr: " Une séquence arrêtée est close : en ouvrir une nouvelle.",
          en: " A stopped sequence is closed: open a new one.",
        }
      : { fr: "", en: "" };
  return reject(
    `illegalTransition.${state.status}.${type}`,
    `Impossible de ${e.fr} : la séquence est « ${s.fr} ».${hint.fr}`,
    `Cannot ${e.en}: the sequence is ${s.en}.${hint.en}`,
  );
}

type StartEvent = Extract<BtaEvent, { type: "initiate" | "switch" }>;

/** Validates gates and interval and returns the regimen of a new agent, or a refusal. */
function startRegimen(
  event: StartEvent,
):
  | { ok: true; regimen: z.infer<typeof RegimenSchema>; warnings: BtaWarning[] }
  | { ok: false; transition: BtaTransition } {
  const agentLabel = BTA_AGENT_LABELS[event.agent];
  if (!isAllowedInterval(event.agent, event.intervalWeeks)) {
    const allowed = event.agent === "denosumab" ? "4" : "3, 4, 12";
    return {
      ok: false,
      transition: reject(
        "invalidInterval",
        `Intervalle de ${event.intervalWeeks} semaines non prévu pour ${agentLabel.fr} (possibles : ${allowed}).`,
        `An interval of ${event.intervalWeeks} weeks is not allowed for ${agentLabel.en} (allowed: ${allowed}).`,
      ),
    };
  }
  const gates = btaStartGates({ ...event, startDate: event.date });
  if (!gates.ok) {
    return { ok: false, transition: { ok: false, code: gates.code, reason: gates.reason } };
  }
  const warnings: BtaWarning[] = gates.warnings.map((label) => ({
    id: "denosumabHypocalcaemia",
    label,
    // FDA boxed warning (2024) on severe hypocalcaemia with denosumab; Peddi 2013.
    source: "Peddi 2013; FDA 2024",
  }));
  const dose_mg = event.agent === "denosumab" ? DENOSUMAB_DOSE_MG : (gates.dose_mg ?? 0);
  return {
    ok: true,
    regimen: {
      agent: event.agent,
      dose_mg,
      intervalWeeks: event.intervalWeeks,
      agentSince: event.date,
      baselineCreatinine_umol_L: event.baselineCreatinine_umol_L ?? null,
    },
    warnings,
  };
}

function renalGate(
  regimen: z.infer<typeof RegimenSchema>,
  creatinine: number | undefined,
  action: "administer" | "resume",
): BtaTransition | null {
  if (regimen.agent !== "zoledronicAcid") return null;
  if (creatinine === undefined) {
    return reject(
      "creatinineRequired",
      "Acide zolédronique : la créatinine doit être dosée avant chaque administration et avant la reprise.",
      "Zoledronic acid: serum creatinine must be checked before each dose and before resuming.",
    );
  }
  if (regimen.baselineCreatinine_umol_L === null) return null;
  const check = zoledronicRenalCheck({
    baselineCreatinine_umol_L: regimen.baselineCreatinine_umol_L,
    currentCreatinine_umol_L: creatinine,
  });
  if (action === "administer" && check.withhold) {
    return { ok: false, code: "renalDeterioration", reason: check.rationale };
  }
  if (action === "resume" && !check.canResume) {
    return reject(
      "renalNotRecovered",
      `Reprise impossible : créatinine ${creatinine} µmol/L au-delà de 10 % de la valeur initiale (${regimen.baselineCreatinine_umol_L}).`,
      `Cannot resume: creatinine ${creatinine} µmol/L is more than 10 % above baseline (${regimen.baselineCreatinine_umol_L}).`,
    );
  }
  return null;
}

/** Applies one event to a sequence; illegal transitions come back as { ok: false, reason }. */
export function applyBtaEvent(stateInput: BtaSequenceState, eventInput: BtaEvent): BtaTransition {
  const state = parseOrThrow(BtaSequenceStateSchema, stateInput, "btaSequence");
  const event = parseOrThrow(BtaEventSchema, eventInput, "btaEvent");
  return stepBtaEvent(state, event);
}

/** An event parsed by BtaEventSchema: what the internal step takes. */
export const parseBtaEvent = (input: BtaEvent): BtaEvent =>
  parseOrThrow(BtaEventSchema, input, "btaEvent");

/**
 * The state machine's step on values already parsed (a state it returned, or NO_SEQUENCE, and an
 * event from parseBtaEvent). Replays parse each event once and chain the states without parsing
 * them again: re-parsing at every step cost most of the oncologist's list (decision 118).
 */
export function stepBtaEvent(state: BtaSequenceState, event: BtaEvent): BtaTransition {
  if (state.status !== "none" && compareIsoDates(event.date, state.lastEventDate) < 0) {
    return reject(
      "eventBeforeLastEvent",
      `Date ${dateInLabel(event.date).fr} antérieure au dernier événement de la séquence (${dateInLabel(state.lastEventDate).fr}).`,
      `Date ${dateInLabel(event.date).en} is before the sequence's last event (${dateInLabel(state.lastEventDate).en}).`,
    );
  }
  switch (event.type) {
    case "initiate": {
      if (state.status !== "none") return illegal(state, event.type);
      const start = startRegimen(event);
      if (!start.ok) return start.transition;
      return {
        ok: true,
        state: {
          status: "active",
          regimen: start.regimen,
          startedOn: event.date,
          lastDoseDate: event.date,
          activeSince: event.date,
          lastEventDate: event.date,
        },
        warnings: start.warnings,
      };
    }
    case "administer": {
      if (state.status !== "active") return illegal(state, event.type);
      const renal = renalGate(state.regimen, event.creatinine_umol_L, "administer");
      if (renal) return renal;
      return {
        ok: true,
        state: { ...state, lastDoseDate: event.date, lastEventDate: event.date },
        warnings: [],
      };
    }
    case "pause": {
      if (state.status !== "active") return illegal(state, event.type);
      return {
        ok: true,
        state: {
          status: "paused",
          regimen: state.regimen,
          startedOn: state.startedOn,
          lastDoseDate: state.lastDoseDate,
          pausedOn: event.date,
          pauseReason: event.reason,
          lastEventDate: event.date,
        },
        // A pause of zoledronic acid raises no rebound flag (long skeletal retention).
        warnings: state.regimen.agent === "denosumab" ? [REBOUND_ON_PAUSE] : [],
      };
    }
    case "resume": {
      if (state.status !== "paused") return illegal(state, event.type);
      if (state.pauseReason === "renalDeterioration") {
        const renal = renalGate(state.regimen, event.creatinine_umol_L, "resume");
        if (renal) return renal;
      }
      return {
        ok: true,
        state: {
          status: "active",
          regimen: state.regimen,
          startedOn: state.startedOn,
          lastDoseDate: state.lastDoseDate,
          activeSince: event.date,
          lastEventDate: event.date,
        },
        warnings: [],
      };
    }
    case "switch": {
      if (state.status !== "active" && state.status !== "paused") return illegal(state, event.type);
      if (event.agent === state.regimen.agent) {
        const a = BTA_AGENT_LABELS[event.agent];
        return reject(
          "switchToSameAgent",
          `Changement impossible : le patient est déjà sous ${a.fr}.`,
          `Cannot switch: the patient is already on ${a.en}.`,
        );
      }
      const start = startRegimen(event);
      if (!start.ok) return start.transition;
      return {
        ok: true,
        state: {
          status: "active",
          regimen: start.regimen,
          startedOn: state.startedOn,
          lastDoseDate: event.date,
          activeSince: event.date,
          lastEventDate: event.date,
        },
        warnings: start.warnings,
      };
    }
    case "stop": {
      if (state.status !== "active" && state.status !== "paused") return illegal(state, event.type);
      return {
        ok: true,
        state: {
          status: "stopped",
          regimen: state.regimen,
          startedOn: state.startedOn,
          lastDoseDate: state.lastDoseDate,
          stoppedOn: event.date,
          lastEventDate: event.date,
        },
        warnings: state.regimen.agent === "denosumab" ? [REBOUND_ON_STOP] : [],
      };
    }
  }
}

/** Replays a list of events from "none"; stops at the first refusal and says which event it was. */
export function replayBtaEvents(
  events: readonly BtaEvent[],
): { ok: true; state: BtaSequenceState; warnings: BtaWarning[] } | (Refusal & { index: number }) {
  let state: BtaSequenceState = NO_SEQUENCE;
  const warnings: BtaWarning[] = [];
  for (const [index, input] of events.entries()) {
    const result = stepBtaEvent(state, parseBtaEvent(input));
    if (!result.ok) return { ok: false, index, code: result.code, reason: result.reason };
    state = result.state;
    warnings.push(...result.warnings);
  }
  return { ok: true, state, warnings };
}

/** Next dose date of an active sequence: last dose + interval, never before the last resume/switch. */
export function nextDoseDue(state: BtaSequenceState): string | null {
  if (state.status !== "active") return null;
  const fromLastDose = addWeeks(state.lastDoseDate, state.regimen.intervalWeeks);
  return compareIsoDates(fromLastDose, state.activeSince) >= 0 ? fromLastDose : state.activeSince;
}
