// A decided action's state and the forms that move it (schedule, mark done, cancel). Plain forms
// posted to the worklist page: they work without JavaScript. Dates are left blank: nothing is
// pre-filled for the user to confirm by mistake.
import { Form } from "@remix-run/react";
import type { PlanItemState } from "../domain/plans";
import { useDates } from "./useDates";
import { useI18n } from "./useI18n";

export interface PlanItemView {
  id: number;
  state: PlanItemState;
  targetDate: string | null;
  scheduledDate: string | null;
  overdue: boolean;
}

export interface PlanItemErrors {
  planItemId: string;
  messages: { field: string; message: string }[];
}

/** The errors of a failed post, for the item whose form was sent ("" when the id was unusable). */
export function errorsOf(
  result:
    | { values: Record<string, string>; errors: { field: string; message: string }[] }
    | undefined,
): PlanItemErrors | undefined {
  if (!result) return undefined;
  return { planItemId: result.values.planItemId ?? "", messages: result.errors };
}

export function PlanItemProgress({ item }: { item: PlanItemView }) {
  // One per row: useI18n, not useTranslation (app/components/useI18n.ts).
  const { t } = useI18n();
  const { date } = useDates();
  return (
    <div className="plan-item-state">
      <span className={`badge plan-${item.state}`}>{t(`worklists.states.${item.state}`)}</span>
      {item.overdue ? (
        <>
          {" "}
          <span className="badge urgent">{t("worklists.overdue")}</span>
        </>
      ) : null}
      <div className="muted">
        {item.targetDate
          ? t("worklists.targetOn", { date: date(item.targetDate) })
          : t("worklists.noTarget")}
      </div>
      {item.state === "scheduled" && item.scheduledDate ? (
        <div>{t("worklists.scheduledOn", { date: date(item.scheduledDate) })}</div>
      ) : null}
    </div>
  );
}

export function PlanItemActions({
  item,
  errors,
}: {
  item: PlanItemView;
  errors: PlanItemErrors | undefined;
}) {
  const { t } = useI18n();
  if (item.state !== "planned" && item.state !== "scheduled") return null;
  const mine = errors && errors.planItemId === String(item.id) ? errors.messages : [];
  const id = (name: string) => `plan-${item.id}-${name}`;
  return (
    <div className="plan-item-actions">
      {mine.length > 0 ? (
        <div className="field-error" role="alert">
          {mine.map((m) => (
            <p key={m.field}>{m.message}</p>
          ))}
        </div>
      ) : null}
      <Form method="post" className="plan-item-form">
        <input type="hidden" name="planItemId" value={item.id} />
        <input type="hidden" name="intent" value="schedule" />
        <label htmlFor={id("scheduledDate")}>{t("worklists.scheduledDate")}</label>
        <input id={id("scheduledDate")} name="scheduledDate" type="date" required />
        <button type="submit" className="secondary">
          {t("worklists.schedule")}
        </button>
      </Form>
      {item.state === "scheduled" ? (
        <Form method="post" className="plan-item-form">
          <input type="hidden" name="planItemId" value={item.id} />
          <input type="hidden" name="intent" value="complete" />
          <label htmlFor={id("doneDate")}>{t("worklists.doneDate")}</label>
          <input id={id("doneDate")} name="doneDate" type="date" required />
          <button type="submit">{t("worklists.complete")}</button>
        </Form>
      ) : null}
      <Form method="post" className="plan-item-form">
        <input type="hidden" name="planItemId" value={item.id} />
        <input type="hidden" name="intent" value="cancel" />
        <label htmlFor={id("cancelReason")}>{t("worklists.cancelReason")}</label>
        <input id={id("cancelReason")} name="cancelReason" type="text" maxLength={200} required />
        <button type="submit" className="danger">
          {t("worklists.cancel")}
        </button>
      </Form>
    </div>
  );
}
