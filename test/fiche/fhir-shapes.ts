// Zod shapes of the FHIR R4 subset the fiche export writes (required fields, codes, references),
// each annotated as z.ZodType<fhir4.X> so that a shape that drifts from @types/fhir's R4 types
// fails to compile. Checked against every resource of the Bundle in fhir-bundle.test.ts.
import type * as fhir4 from "fhir/r4";
import * as z from "zod";

const Uri = z.string().regex(/^(https?:\/\/\S+|urn:[a-z0-9-]+:\S+)$/);
const Code = z.string().regex(/^[^\s]+( [^\s]+)*$/);
const FhirDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
// R4 dateTime / instant with a time zone (instant requires seconds and a zone).
const Instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const DateTime = z.union([FhirDate, Instant]);

const Coding: z.ZodType<fhir4.Coding> = z.strictObject({
  system: Uri,
  code: Code,
  display: z.string().min(1).optional(),
});
const Concept: z.ZodType<fhir4.CodeableConcept> = z
  .object({ coding: z.array(Coding).min(1).optional(), text: z.string().min(1).optional() })
  .refine((c) => c.coding !== undefined || c.text !== undefined, "coding or text");
const Ref: z.ZodType<fhir4.Reference> = z.strictObject({
  reference: z.string().startsWith("urn:uuid:"),
});
const Identifier: z.ZodType<fhir4.Identifier> = z.strictObject({
  system: Uri,
  value: z.string().min(1),
});
const Id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
const Quantity: z.ZodType<fhir4.Quantity> = z.strictObject({
  value: z.number(),
  unit: z.string().optional(),
  system: Uri.optional(),
  code: Code.optional(),
});

export const PatientShape: z.ZodType<fhir4.Patient> = z.strictObject({
  resourceType: z.literal("Patient"),
  id: Id,
  identifier: z.array(Identifier).min(1),
  name: z
    .array(z.strictObject({ family: z.string().min(1), given: z.array(z.string().min(1)).min(1) }))
    .min(1),
  gender: z.enum(["male", "female", "other", "unknown"]),
  birthDate: FhirDate,
});

export const PractitionerShape: z.ZodType<fhir4.Practitioner> = z.strictObject({
  resourceType: z.literal("Practitioner"),
  id: Id,
  identifier: z.array(Identifier).optional(),
  name: z.array(z.strictObject({ text: z.string().min(1) })).min(1),
});

export const PractitionerRoleShape: z.ZodType<fhir4.PractitionerRole> = z.strictObject({
  resourceType: z.literal("PractitionerRole"),
  id: Id,
  practitioner: Ref,
  specialty: z.array(Concept).optional(),
});

export const ConditionShape: z.ZodType<fhir4.Condition> = z.strictObject({
  resourceType: z.literal("Condition"),
  id: Id,
  identifier: z.array(Identifier),
  clinicalStatus: Concept,
  verificationStatus: Concept,
  category: z.array(Concept),
  code: Concept,
  bodySite: z.array(Concept).min(1),
  subject: Ref,
  encounter: Ref,
  evidence: z.array(z.strictObject({ detail: z.array(Ref) })),
});

export const ObservationShape: z.ZodType<fhir4.Observation> = z
  .object({
    resourceType: z.literal("Observation"),
    id: Id,
    status: z.literal("final"),
    category: z.array(Concept).min(1),
    code: Concept,
    subject: Ref,
    encounter: Ref,
    focus: z.array(Ref),
    effectiveDateTime: DateTime,
    bodySite: Concept,
    valueInteger: z.number().int().optional(),
    valueString: z.string().min(1).optional(),
    valueQuantity: Quantity.optional(),
    interpretation: z.array(Concept).optional(),
    note: z.array(z.strictObject({ text: z.string() })).optional(),
  })
  .refine(
    (o) =>
      [o.valueInteger, o.valueString, o.valueQuantity].filter((x) => x !== undefined).length === 1,
    "exactly one value[x]",
  );

const ActivityDetail: z.ZodType<fhir4.CarePlanActivityDetail> = z.strictObject({
  kind: z.enum(["ServiceRequest", "MedicationRequest"]),
  code: Concept,
  status: z.enum([
    "not-started",
    "scheduled",
    "in-progress",
    "on-hold",
    "completed",
    "cancelled",
    "stopped",
  ]),
  doNotPerform: z.boolean().optional(),
  statusReason: Concept.optional(),
  reasonReference: z.array(Ref).optional(),
  scheduledPeriod: z.strictObject({ start: DateTime }).optional(),
  scheduledTiming: z
    .object({
      repeat: z.strictObject({
        frequency: z.number().int(),
        period: z.number(),
        periodUnit: z.enum(["d", "wk", "mo"]),
      }),
    })
    .optional(),
  productCodeableConcept: Concept.optional(),
  quantity: Quantity.optional(),
  description: z.string().optional(),
});

export const CarePlanShape: z.ZodType<fhir4.CarePlan> = z.strictObject({
  resourceType: z.literal("CarePlan"),
  id: Id,
  identifier: z.array(Identifier),
  status: z.literal("active"),
  intent: z.literal("plan"),
  title: z.string().min(1),
  description: z.string().min(1),
  subject: Ref,
  encounter: Ref,
  period: z.strictObject({ start: DateTime }),
  created: DateTime,
  author: Ref,
  addresses: z.array(Ref),
  activity: z.array(z.strictObject({ detail: ActivityDetail })).min(1),
  note: z.array(z.strictObject({ text: z.string().min(1) })),
});

export const EncounterShape: z.ZodType<fhir4.Encounter> = z.strictObject({
  resourceType: z.literal("Encounter"),
  id: Id,
  identifier: z.array(Identifier),
  status: z.literal("finished"),
  class: Coding,
  type: z.array(Concept),
  subject: Ref,
  period: z.strictObject({ start: DateTime }),
  participant: z.array(z.strictObject({ type: z.array(Concept), individual: Ref })).min(1),
  reasonCode: z.array(Concept),
});

export const ProvenanceShape: z.ZodType<fhir4.Provenance> = z.strictObject({
  resourceType: z.literal("Provenance"),
  id: Id,
  target: z.array(Ref).min(1),
  recorded: Instant,
  reason: z.array(Concept).optional(),
  agent: z.array(z.strictObject({ type: Concept, who: Ref })).min(1),
  entity: z.array(
    z.strictObject({ role: z.literal("source"), what: z.strictObject({ identifier: Identifier }) }),
  ),
  signature: z
    .array(z.strictObject({ type: z.array(Coding).min(1), when: Instant, who: Ref }))
    .min(1),
});

export const SHAPES = {
  Patient: PatientShape,
  Practitioner: PractitionerShape,
  PractitionerRole: PractitionerRoleShape,
  Condition: ConditionShape,
  Observation: ObservationShape,
  CarePlan: CarePlanShape,
  Encounter: EncounterShape,
  Provenance: ProvenanceShape,
} as const;

export const BundleShape: z.ZodType<fhir4.Bundle> = z.strictObject({
  resourceType: z.literal("Bundle"),
  id: Id,
  identifier: Identifier,
  type: z.literal("collection"),
  timestamp: Instant,
  entry: z
    .array(
      z.strictObject({
        fullUrl: z.string().regex(/^urn:uuid:[0-9a-f-]{36}$/),
        resource: z.union(Object.values(SHAPES)),
      }),
    )
    .min(1),
});
