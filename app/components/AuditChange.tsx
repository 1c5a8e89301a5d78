// One audit row's change as a person reads it (issue 10 §10): only the fields that differ, each
// with its label from the catalogue and its values formatted (dates, choices through their labels,
// "—" for empty), never the stored JSON.
import { useTranslation } from "react-i18next";
import type { Label } from "../domain/common";
import { WEEKDAY_LABELS } from "../domain/meeting/calendar";
import { LOCAL_TREATMENTS } from "../domain/treatments/catalogue";
import { fieldLabel } from "../i18n/core";
import { useDates } from "./useDates";

/** Technical columns nobody needs to read (and the password hash nobody may). */
const HIDDEN = new Set(["id", "createdAt", "updatedAt", "passwordHash", "idHash"]);

/** Fields whose stored value is a choice, and where the catalogue keeps the choice's labels. */
const CHOICE_LABELS: Record<string, string> = {
  sex: "patient.sexes",
  systemicTreatment: "patient.systemicTreatments",
  survivalBand: "patient.survivalBands",
  urgency: "case.urgencies",
  status: "case.statuses",
  role: "admin.roles",
  specialty: "admin.specialties",
  "primaryCancer.type": "cancer.types",
  kind: "bta.kinds",
  agent: "bta.agents",
  pauseReason: "bta.pauseReasons",
  btaStatus: "bta.status",
  meetingStatus: "meeting.statuses",
  presence: "meeting.presences",
  // Plan items (issue 12 §2), skeletal events (§3) and planned BTA acts (§1, decision 106).
  state: "worklists.states",
  skeletalKind: "skeletal.kinds",
  btaPlannedKind: "bta.kinds",
  btaPlannedState: "bta.plannedStates",
};

const treatments = new Map<string, Label>(
  Object.entries(LOCAL_TREATMENTS).map(([id, tr]) => [id, tr.label]),
);
/** "superseded:v2", the reason a correction writes on what it replaces (decisions.ts). */
const SUPERSEDED = /^superseded:v(\d+)$/;

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Nested objects one level down as dotted fields (primaryCancer.type), the rest as they are. */
function flatten(value: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!isPlainObject(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (isPlainObject(v)) for (const [kk, vv] of Object.entries(v)) out.set(`${k}.${kk}`, vv);
    else out.set(k, v);
  }
  return out;
}

const empty = (v: unknown) => v === null || v === undefined || v === "";

/** The fields that differ between two stored rows (a create lists what it set). Pure. */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = flatten(before);
  const a = flatten(after);
  const fields = [...new Set([...b.keys(), ...a.keys()])].filter((f) => !HIDDEN.has(f));
  return fields
    .map((field) => ({ field, before: b.get(field), after: a.get(field) }))
    .filter(
      (c) =>
        !(empty(c.before) && empty(c.after)) &&
        JSON.stringify(c.before) !== JSON.stringify(c.after),
    );
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

export function AuditChange({
  before,
  after,
  userName,
  rcpName,
}: {
  before: unknown;
  after: unknown;
  userName: (id: number) => string;
  rcpName: (id: number) => string;
}) {
  const { t, i18n } = useTranslation();
  const { date, dateTime } = useDates();
  const changes = changedFields(before, after);
  if (changes.length === 0) return <span className="muted">{t("audit.noFieldChanged")}</span>;

  const label = (field: string) =>
    i18n.exists(`audit.fields.${field}`) ? t(`audit.fields.${field}`) : fieldLabel(t, field);
  const lang = i18n.language === "en" ? "en" : "fr";
  const specialty = (x: unknown) => t(`admin.specialties.${String(x)}`);
  const session = (x: Record<string, unknown>) =>
    [typeof x.date === "string" ? date(x.date) : "", x.time, x.place].filter(Boolean).join(", ");
  const show = (field: string, v: unknown): string => {
    if (empty(v)) return t("common.none");
    // The RCP's meeting settings (issue 11 §1, §3), in words rather than their stored JSON.
    if (field === "requiredSpecialties" && Array.isArray(v))
      return v
        .map((r) =>
          isPlainObject(r) && Array.isArray(r.anyOf)
            ? r.anyOf.map(specialty).join(t("meeting.or"))
            : JSON.stringify(r),
        )
        .join(" ; ");
    if (field === "calendar.weekly" && isPlainObject(v)) {
      const day = WEEKDAY_LABELS[Number(v.weekday)]?.[lang] ?? "";
      return [`${day} ${String(v.time ?? "")}`, v.place, v.videoLink].filter(Boolean).join(", ");
    }
    if (field === "calendar.oneOff" && Array.isArray(v))
      return v.map((x) => (isPlainObject(x) ? session(x) : String(x))).join(" ; ");
    if (Array.isArray(v)) return v.map((x) => show(field, x)).join(", ");
    if (typeof v === "boolean") return v ? t("common.yes") : t("common.no");
    if (typeof v === "number") {
      if (field === "rcpId" || field === "rcpIds") return rcpName(v);
      if (["userId", "createdBy", "recordedBy", "chairUserId"].includes(field)) return userName(v);
      return i18n.language === "en" ? String(v) : String(v).replace(".", ",");
    }
    if (typeof v !== "string") return JSON.stringify(v);
    const treatment = field === "action" ? treatments.get(v) : undefined;
    if (treatment) return treatment[lang];
    const superseded = field === "cancelReason" ? SUPERSEDED.exec(v) : null;
    if (superseded) return t("audit.supersededBy", { version: superseded[1] });
    const choices = CHOICE_LABELS[field];
    if (choices && i18n.exists(`${choices}.${v}`)) return t(`${choices}.${v}`);
    if (field.startsWith("primaryCancer.") && i18n.exists(`cancer.options.${v}`)) {
      return t(`cancer.options.${v}`);
    }
    if (ISO_DAY.test(v)) return date(v);
    if (ISO_INSTANT.test(v)) return dateTime(v);
    return v;
  };

  return (
    <table className="audit-change">
      <thead>
        <tr>
          <th scope="col">{t("audit.field")}</th>
          <th scope="col">{t("audit.before")}</th>
          <th scope="col">{t("audit.after")}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field} data-field={c.field}>
            <th scope="row">{label(c.field)}</th>
            <td>{show(c.field, c.before)}</td>
            <td>{show(c.field, c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
