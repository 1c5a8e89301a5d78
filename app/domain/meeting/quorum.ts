// Attendance and quorum of a meeting (issue 11 §3), and the agenda order that takes each case
// while the specialties it needs are in the room.
//
// HAS rule (clinical.md §8.1, HAS "Fiche méthode – RCP", May 2014): an RCP is valid when at least
// three physicians of DIFFERENT specialties are present, chosen so that every procedure considered
// gets a relevant opinion; otherwise the case is re-presented ("à représenter"). The DEV NOTE of
// clinical.md §8.1 counts distinct specialties among the physicians present (not people), and lets
// each RCP declare required specialties (INCa 2023: surgeon, medical and radiation oncologist).
import * as z from "zod";
import type { Label } from "../common";
import { parseOrThrow } from "../errors";
import { SPECIALTIES, type Specialty } from "../records/permissions";
import { findSite } from "../skeleton/catalogue";

export const QUORUM_SOURCE = "HAS, Fiche méthode RCP (2014) ; clinical.md §8.1";
export const QUORUM_MIN_SPECIALTIES = 3;

export const SpecialtySchema = z.enum(SPECIALTIES);

export const PRESENCES = ["onSite", "remote", "absent"] as const;
export type Presence = (typeof PRESENCES)[number];

export const PRESENCE_LABELS: Record<Presence, Label> = {
  onSite: { fr: "présent sur place", en: "present on site" },
  remote: { fr: "présent à distance", en: "present remotely" },
  absent: { fr: "absent", en: "absent" },
};

/**
 * One person on the attendance sheet. A member's physician flag and specialty come from their
 * account (users.role, users.specialty); a guest is entered by name and specialty by the chair.
 */
export const AttendeeSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("member"),
      userId: z.number().int().positive(),
      name: z.string().trim().min(1).max(120),
      physician: z.boolean(),
      specialty: SpecialtySchema.nullable(),
      presence: z.enum(PRESENCES),
    }),
    z.object({
      kind: z.literal("guest"),
      /** Stable key within the meeting (the guest has no account). */
      guestId: z.string().min(1).max(64),
      name: z.string().trim().min(1).max(120),
      physician: z.boolean(),
      specialty: SpecialtySchema.nullable(),
      presence: z.enum(PRESENCES),
    }),
  ])
  .refine((a) => !a.physician || a.specialty !== null, {
    path: ["specialty"],
    message: "a physician has a specialty",
  });
export type Attendee = z.infer<typeof AttendeeSchema>;

function attendeeKey(a: Attendee): string {
  return a.kind === "member" ? `member:${a.userId}` : `guest:${a.guestId}`;
}

export const AttendanceSchema = z
  .array(AttendeeSchema)
  .max(100)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const [i, a] of list.entries()) {
      const key = attendeeKey(a);
      if (seen.has(key))
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: "listed twice",
          params: { reason: "duplicate" },
        });
      seen.add(key);
    }
  });

/** A required presence: one physician of any of these specialties (e.g. "a surgeon"). */
export const RequiredSpecialtySchema = z.object({ anyOf: z.array(SpecialtySchema).min(1) });
export type RequiredSpecialty = z.infer<typeof RequiredSpecialtySchema>;

export type QuorumGap =
  | { code: "tooFewSpecialties"; present: number; needed: number; label: Label }
  | { code: "requiredSpecialtyAbsent"; anyOf: Specialty[]; label: Label };

export interface QuorumResult {
  met: boolean;
  /** Distinct specialties among physicians present (on site or remote), sorted. */
  specialtiesPresent: Specialty[];
  gaps: QuorumGap[];
  source: string;
}

function presentPhysicianSpecialties(attendance: readonly Attendee[]): Set<Specialty> {
  const set = new Set<Specialty>();
  for (const a of attendance)
    if (a.physician && a.presence !== "absent" && a.specialty) set.add(a.specialty);
  return set;
}

/**
 * Quorum now. "other" counts as one specialty however many "other" physicians attend: the kernel
 * cannot tell two unlisted specialties apart, so it does not count them twice (conservative).
 */
export function quorum(
  attendanceInput: readonly Attendee[],
  requiredInput: readonly RequiredSpecialty[] = [],
): QuorumResult {
  const attendance = parseOrThrow(AttendanceSchema, attendanceInput, "attendance");
  const required = parseOrThrow(z.array(RequiredSpecialtySchema), requiredInput, "attendance");
  const present = presentPhysicianSpecialties(attendance);
  const gaps: QuorumGap[] = [];
  if (present.size < QUORUM_MIN_SPECIALTIES)
    gaps.push({
      code: "tooFewSpecialties",
      present: present.size,
      needed: QUORUM_MIN_SPECIALTIES,
      label: {
        fr: `${present.size} spécialité(s) médicale(s) présente(s) sur ${QUORUM_MIN_SPECIALTIES} requises (médecins de spécialités différentes).`,
        en: `${present.size} physician specialty(ies) present of the ${QUORUM_MIN_SPECIALTIES} required (physicians of different specialties).`,
      },
    });
  for (const r of required) {
    if (r.anyOf.some((s) => present.has(s))) continue;
    gaps.push({
      code: "requiredSpecialtyAbsent",
      anyOf: r.anyOf,
      label: {
        fr: `Spécialité requise par la RCP absente : ${r.anyOf.join(" ou ")}.`,
        en: `Specialty required by the board absent: ${r.anyOf.join(" or ")}.`,
      },
    });
  }
  return {
    met: gaps.length === 0,
    specialtiesPresent: [...present].sort(),
    gaps,
    source: QUORUM_SOURCE,
  };
}

/**
 * The specialties a case needs in the room, from its lesions: a spinal lesion needs a spine
 * surgeon or a neurosurgeon (SINS and ESCC lead to a surgical opinion: clinical.md §2–3, NOMS),
 * a limb long-bone lesion an orthopaedic surgeon (Mirels ≥ 9 → prophylactic fixation, clinical.md
 * §1.2). HAS asks that every procedure considered get a relevant opinion (clinical.md §8.1).
 */
export function specialtiesNeededForLesions(siteIds: readonly string[]): RequiredSpecialty[] {
  const needs: RequiredSpecialty[] = [];
  const known = z.array(
    z.string().refine((id) => findSite(id) !== undefined, { params: { reason: "unknownSite" } }),
  );
  const sites = parseOrThrow(known, siteIds, "agenda").flatMap((id) => findSite(id) ?? []);
  if (sites.some((s) => s.spinalLevel !== null))
    needs.push({ anyOf: ["spine_surgery", "neurosurgery"] });
  if (sites.some((s) => s.longBone)) needs.push({ anyOf: ["orthopaedic_surgery"] });
  return needs;
}

export const AgendaCaseNeedsSchema = z.object({
  caseId: z.number().int().positive(),
  needs: z.array(RequiredSpecialtySchema),
});
export type AgendaCaseNeeds = z.input<typeof AgendaCaseNeedsSchema>;

export interface SuggestedOrder {
  order: number[];
  /** Cases whose needed specialties are not all present now, with what is missing. */
  waiting: { caseId: number; missing: RequiredSpecialty[] }[];
}

/**
 * A suggested agenda order for the specialties present now: cases whose needs are all covered
 * come first, the others after; within each group the current order is kept (stable), so an
 * unchanged room suggests an unchanged agenda. The chair may accept or ignore it.
 */
export function suggestAgendaOrder(
  casesInput: readonly AgendaCaseNeeds[],
  attendanceInput: readonly Attendee[],
): SuggestedOrder {
  const attendance = parseOrThrow(AttendanceSchema, attendanceInput, "attendance");
  const cases = parseOrThrow(z.array(AgendaCaseNeedsSchema), casesInput, "agenda");
  const present = presentPhysicianSpecialties(attendance);
  const now: number[] = [];
  const waiting: SuggestedOrder["waiting"] = [];
  for (const c of cases) {
    const missing = c.needs.filter((n) => !n.anyOf.some((s) => present.has(s)));
    if (missing.length === 0) now.push(c.caseId);
    else waiting.push({ caseId: c.caseId, missing });
  }
  return { order: [...now, ...waiting.map((w) => w.caseId)], waiting };
}
