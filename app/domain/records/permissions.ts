// The one place that decides who may do what (STYLE.md: one owner per concept). Pure, so the UI
// can hide what the server would refuse; the server enforces it in auth.server.ts.
export const ROLES = ["admin", "coordinator", "physician", "observer"] as const;
export type Role = (typeof ROLES)[number];

export const SPECIALTIES = [
  "rheumatology",
  "orthopaedic_surgery",
  "spine_surgery",
  "neurosurgery",
  "radiology",
  "interventional_radiology",
  "radiation_oncology",
  "medical_oncology",
  "nuclear_medicine",
  "pain_medicine",
  "palliative_care",
  "other",
] as const;
export type Specialty = (typeof SPECIALTIES)[number];

export type Permission =
  | "record:read"
  | "patient:write"
  | "case:write"
  | "board:edit"
  | "users:manage"
  | "audit:read"
  /** Recording a BTA event is a prescriber's act: physicians only (issue 12 §1, decision 100). */
  | "bta:write"
  /** Plan meetings, build agendas, name the chair (issue 11 §1): coordinators and admins. */
  | "meeting:manage"
  /** Sign a decision: a physician, who must also be the chair of the meeting (issue 11 §6). */
  | "decision:sign";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: [
    "record:read",
    "patient:write",
    "case:write",
    "board:edit",
    "users:manage",
    "audit:read",
    "meeting:manage",
  ],
  coordinator: ["record:read", "patient:write", "case:write", "board:edit", "meeting:manage"],
  physician: [
    "record:read",
    "patient:write",
    "case:write",
    "board:edit",
    "bta:write",
    "decision:sign",
  ],
  observer: ["record:read"],
};

export interface Actor {
  id: number;
  role: Role;
  active: boolean;
  rcpIds: readonly number[];
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.active && GRANTS[actor.role].includes(permission);
}

/** Patients and cases are visible to the members of their RCP; admins see every RCP. */
export function canSeeRcp(actor: Actor, rcpId: number): boolean {
  return actor.active && (actor.role === "admin" || actor.rcpIds.includes(rcpId));
}
