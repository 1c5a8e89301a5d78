import type * as z from "zod";
import type { core } from "zod";
import type { Label } from "./common";

/**
 * How the clinical engine refuses input (decision 012): one error class, thrown, carrying which
 * entry point refused (`scope`), which field (`field`, a dotted path) and why (`reason`, a code),
 * with a French/English `label` written here from those codes. zod's own English message never
 * reaches the user: the French text must stay French.
 */

/** Entry points (or input records) that can refuse input; the first half of every error code. */
export const INPUT_SCOPE_LABELS = {
  mirels: { fr: "Score de Mirels", en: "Mirels score" },
  sins: { fr: "SINS", en: "SINS" },
  escc: { fr: "Grade ESCC", en: "ESCC grade" },
  frankel: { fr: "Grade de Frankel", en: "Frankel grade" },
  asia: { fr: "Grade ASIA", en: "ASIA grade" },
  harrington: { fr: "Critères de Harrington", en: "Harrington criteria" },
  cortical: { fr: "Critères corticaux fémoraux", en: "Femoral cortical criteria" },
  pain: { fr: "Douleur (EN)", en: "Pain (NRS)" },
  tokuhashi: { fr: "Score de Tokuhashi", en: "Tokuhashi score" },
  tomita: { fr: "Score de Tomita", en: "Tomita score" },
  dutchSpinal: { fr: "Score de van der Linden", en: "Dutch spinal score" },
  noms: { fr: "Cadre NOMS", en: "NOMS framework" },
  skeleton: { fr: "Squelette", en: "Skeleton" },
  lesion: { fr: "Lésion", en: "Lesion" },
  riskContext: { fr: "Contexte de risque", en: "Risk context" },
  zoledronicAcidDose: { fr: "Dose d'acide zolédronique", en: "Zoledronic acid dose" },
  zoledronicRenalCheck: {
    fr: "Contrôle rénal de l'acide zolédronique",
    en: "Zoledronic acid renal check",
  },
  btaStartGates: {
    fr: "Prérequis d'un anti-résorbeur",
    en: "Bone-targeting agent start gates",
  },
  btaSequence: { fr: "Séquence d'anti-résorbeur", en: "Bone-targeting agent sequence" },
  btaEvent: { fr: "Événement de séquence", en: "Sequence event" },
  btaInitiationDelay: {
    fr: "Délai d'initiation d'un anti-résorbeur",
    en: "Bone-targeting agent initiation delay",
  },
  btaIndication: { fr: "Indication d'un anti-résorbeur", en: "Bone-targeting agent indication" },
  btaFollowUp: { fr: "Suivi de l'anti-résorbeur", en: "Bone-targeting agent follow-up" },
  skeletalEvent: { fr: "Événement osseux", en: "Skeletal event" },
  painResponse: {
    fr: "Réponse douloureuse après radiothérapie",
    en: "Pain response after radiotherapy",
  },
  neurologicalCourse: { fr: "Évolution neurologique", en: "Neurological course" },
  radium223: { fr: "Indication du radium 223", en: "Radium-223 indication" },
  meetingCalendar: { fr: "Calendrier de la RCP", en: "RCP calendar" },
  meeting: { fr: "Séance de RCP", en: "RCP meeting" },
  agenda: { fr: "Ordre du jour", en: "Agenda" },
  attendance: { fr: "Présences", en: "Attendance" },
  readiness: { fr: "Dossier prêt", en: "Case readiness" },
  decision: { fr: "Proposition de la RCP", en: "Board decision" },
  decisionVersion: { fr: "Version signée de la proposition", en: "Signed decision version" },
} as const satisfies Record<string, Label>;
export type InputScope = keyof typeof INPUT_SCOPE_LABELS;

/**
 * Why input was refused. The first group comes from schema checks; the second from a score asked
 * for where it does not apply (a clinical fact about the site, not a typing mistake).
 */
export type InputReason =
  | "required"
  | "wrongType"
  | "notInteger"
  | "tooSmall"
  | "tooLarge"
  | "notMultiple"
  | "notAllowed"
  | "badFormat"
  | "unknownKey"
  | "invalid"
  // Reasons named by the engine's own refinements (zod `params.reason`).
  | "isoDate"
  | "unknownSite"
  | "sideMustBeLeftOrRight"
  | "sideMustBeMidline"
  | "corticalMeasureRequired"
  | "keyAndIdDiffer"
  // Applicability: the score does not apply to this site.
  | "notLongBone"
  | "notSpinal"
  | "notFemur"
  // Meetings and decisions (issue 11): a legal value in the wrong place or at the wrong time.
  | "duplicate"
  | "notOnAgenda"
  | "illegalTransition"
  | "caseNotReady"
  | "notAPermutation"
  | "notLater"
  | "badVersionChain"
  | "reasonRequired"
  | "unknownTimeZone";

/** Reasons a schema refinement may name through `params: { reason }`. */
const REFINEMENT_REASONS: ReadonlySet<string> = new Set<InputReason>([
  "isoDate",
  "unknownSite",
  "sideMustBeLeftOrRight",
  "sideMustBeMidline",
  "corticalMeasureRequired",
  "keyAndIdDiffer",
  "duplicate",
  "reasonRequired",
  "badVersionChain",
  "unknownTimeZone",
]);

/** Thrown for input the engine cannot use; `code` is `<scope>.<reason>`, e.g. `mirels.notLongBone`. */
export class DomainInputError extends Error {
  readonly code: string;
  readonly scope: InputScope;
  readonly reason: InputReason;
  readonly field: string | undefined;
  readonly label: Label;

  constructor(scope: InputScope, reason: InputReason, label: Label, field?: string) {
    const code = `${scope}.${reason}`;
    super(`${label.en} (${code}${field ? `, field ${field}` : ""})`);
    this.name = "DomainInputError";
    this.code = code;
    this.scope = scope;
    this.reason = reason;
    this.field = field;
    this.label = label;
  }
}

const TYPE_NAMES: Record<string, Label> = {
  number: { fr: "un nombre", en: "a number" },
  string: { fr: "un texte", en: "a text" },
  boolean: { fr: "oui ou non", en: "yes or no" },
  object: { fr: "un objet", en: "an object" },
  array: { fr: "une liste", en: "a list" },
};

function bound(value: unknown): string {
  return typeof value === "number" || typeof value === "bigint" ? String(value) : "?";
}

/** The reason and its French/English predicate for one zod issue. */
function describeIssue(issue: core.$ZodIssue, received: unknown): [InputReason, Label] {
  // A missing field fails its type, enum or union check: say it is required, not mistyped.
  const typeCheck = ["invalid_type", "invalid_value", "invalid_union"].includes(issue.code);
  if (typeCheck && received === undefined)
    return ["required", { fr: "est obligatoire", en: "is required" }];
  switch (issue.code) {
    case "invalid_type": {
      if (issue.expected === "int")
        return ["notInteger", { fr: "doit être un entier", en: "must be a whole number" }];
      const type = TYPE_NAMES[issue.expected] ?? { fr: issue.expected, en: issue.expected };
      return ["wrongType", { fr: `doit être ${type.fr}`, en: `must be ${type.en}` }];
    }
    case "too_small": {
      const length = issue.origin === "string" || issue.origin === "array";
      const min = bound(issue.minimum);
      if (length)
        return [
          "tooSmall",
          min === "1"
            ? { fr: "ne doit pas être vide", en: "must not be empty" }
            : { fr: `doit avoir au moins ${min} éléments`, en: `must have at least ${min} items` },
        ];
      const op = issue.inclusive === false ? ">" : "≥";
      return ["tooSmall", { fr: `doit être ${op} ${min}`, en: `must be ${op} ${min}` }];
    }
    case "too_big": {
      const length = issue.origin === "string" || issue.origin === "array";
      const max = bound(issue.maximum);
      if (length)
        return [
          "tooLarge",
          { fr: `doit avoir au plus ${max} éléments`, en: `must have at most ${max} items` },
        ];
      const op = issue.inclusive === false ? "<" : "≤";
      return ["tooLarge", { fr: `doit être ${op} ${max}`, en: `must be ${op} ${max}` }];
    }
    case "not_multiple_of": {
      const d = bound(issue.divisor);
      return [
        "notMultiple",
        { fr: `doit être un multiple de ${d}`, en: `must be a multiple of ${d}` },
      ];
    }
    case "invalid_value": {
      const values = issue.values.map(String).join(", ");
      return [
        "notAllowed",
        { fr: `doit valoir l'une de : ${values}`, en: `must be one of: ${values}` },
      ];
    }
    case "invalid_union": {
      const options = "options" in issue && Array.isArray(issue.options) ? issue.options : [];
      const values = options.map(String).join(", ");
      return [
        "notAllowed",
        values
          ? { fr: `doit valoir l'une de : ${values}`, en: `must be one of: ${values}` }
          : { fr: "ne correspond à aucune forme admise", en: "matches no accepted form" },
      ];
    }
    case "invalid_format":
      return [
        "badFormat",
        { fr: "n'a pas le format attendu", en: "is not in the expected format" },
      ];
    case "unrecognized_keys":
      return [
        "unknownKey",
        {
          fr: `contient un champ inconnu (${issue.keys.join(", ")})`,
          en: `has an unknown field (${issue.keys.join(", ")})`,
        },
      ];
    case "custom": {
      const reason: unknown = issue.params?.reason;
      if (typeof reason === "string" && REFINEMENT_REASONS.has(reason)) {
        const r = reason as InputReason;
        return [r, REFINEMENT_LABELS[r] ?? INVALID];
      }
      return ["invalid", INVALID];
    }
    default:
      return ["invalid", INVALID];
  }
}

const INVALID: Label = { fr: "est invalide", en: "is invalid" };

const REFINEMENT_LABELS: Partial<Record<InputReason, Label>> = {
  isoDate: {
    fr: "doit être une date du calendrier AAAA-MM-JJ",
    en: "must be a calendar date YYYY-MM-DD",
  },
  unknownSite: { fr: "n'est pas un site du squelette connu", en: "is not a known skeleton site" },
  sideMustBeLeftOrRight: {
    fr: "doit être gauche ou droite (site pair)",
    en: "must be left or right (paired site)",
  },
  sideMustBeMidline: {
    fr: "doit être médian (site impair)",
    en: "must be midline (unpaired site)",
  },
  corticalMeasureRequired: {
    fr: "manque : donner l'atteinte corticale axiale (mm) ou circonférentielle (%)",
    en: "is missing: give the axial (mm) or the circumferential (%) cortical involvement",
  },
  keyAndIdDiffer: {
    fr: "diffère de la clé de la lésion",
    en: "differs from the lesion's key",
  },
  duplicate: { fr: "figure déjà dans la liste", en: "is already in the list" },
  reasonRequired: { fr: "doit donner une raison", en: "must give a reason" },
  badVersionChain: {
    fr: "ne suit pas la version précédente",
    en: "does not follow the previous version",
  },
  unknownTimeZone: {
    fr: "n'est pas un fuseau horaire connu",
    en: "is not a known time zone",
  },
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Parses with a zod schema; a failure becomes a DomainInputError naming the field and the reason. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  scope: InputScope,
): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
  const [reason, predicate] = issue
    ? describeIssue(issue, valueAt(input, issue.path))
    : ["invalid" as const, INVALID];
  const what = INPUT_SCOPE_LABELS[scope];
  throw new DomainInputError(
    scope,
    reason,
    field
      ? {
          fr: `${what.fr} : le champ « ${field} » ${predicate.fr}.`,
          en: `${what.en}: field "${field}" ${predicate.en}.`,
        }
      : {
          fr: `${what.fr} : la saisie ${predicate.fr}.`,
          en: `${what.en}: the input ${predicate.en}.`,
        },
    field,
  );
}
