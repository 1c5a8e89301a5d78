import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { WEEKDAY_LABELS } from "../domain/meeting/calendar";
import {
  BLANK_SETTING_ROWS,
  meetingSettingsToFormValues,
  type RcpMeetingSettings,
  rowCount,
} from "../domain/meeting/settings";
import { SPECIALTIES } from "../domain/records/permissions";
import { Field, type FieldErrors, FormErrorSummary } from "./Field";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * An RCP's meetings (admin): the weekly recurrence, one-off sessions, cancelled dates, and the
 * specialties its quorum requires. Field names are the schema's paths (app/domain/meeting/settings.ts).
 */
export function RcpMeetingSettingsForm({
  rcpId,
  settings,
  values: submitted,
  errors,
}: {
  rcpId: number;
  settings: RcpMeetingSettings;
  values: Record<string, string> | null;
  errors: FieldErrors;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "fr";
  const values = submitted ?? meetingSettingsToFormValues(settings);
  const v = (name: string) => values[name] ?? "";
  const input = (name: string, label: string, type = "text") => (
    <Field name={name} label={label} errors={errors}>
      {(p) => <input {...p} type={type} defaultValue={v(name)} />}
    </Field>
  );
  const oneOffRows = rowCount(values, "calendar.oneOff") + BLANK_SETTING_ROWS;
  const cancelledRows = rowCount(values, "calendar.cancelledDates") + BLANK_SETTING_ROWS;
  const requiredRows = rowCount(values, "requiredSpecialties") + 1;
  return (
    <Form method="post" className="meeting-settings" noValidate>
      <h2>{t("admin.meeting.title")}</h2>
      <FormErrorSummary errors={errors} />
      <input type="hidden" name="intent" value="meeting-settings" />
      <input type="hidden" name="rcpId" value={rcpId} />
      <fieldset>
        <legend>{t("admin.meeting.weekly")}</legend>
        <p className="hint">{t("admin.meeting.weeklyHint")}</p>
        <div className="form-grid">
          <Field name="calendar.weekly.weekday" label={t("admin.meeting.weekday")} errors={errors}>
            {(p) => (
              <select {...p} defaultValue={v("calendar.weekly.weekday")}>
                <option value="">{t("common.notGiven")}</option>
                {range(7).map((i) => (
                  <option key={i + 1} value={i + 1}>
                    {WEEKDAY_LABELS[i + 1]?.[lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {input("calendar.weekly.time", t("admin.meeting.time"), "time")}
          {input("calendar.weekly.place", t("admin.meeting.place"))}
          {input("calendar.weekly.videoLink", t("admin.meeting.videoLink"), "url")}
          {input("calendar.weekly.startsOn", t("admin.meeting.startsOn"), "date")}
          {input("calendar.weekly.endsOn", t("admin.meeting.endsOn"), "date")}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("admin.meeting.oneOff")}</legend>
        {range(oneOffRows).map((i) => (
          <div className="form-grid" key={i}>
            {input(`calendar.oneOff.${i}.date`, t("admin.meeting.date"), "date")}
            {input(`calendar.oneOff.${i}.time`, t("admin.meeting.time"), "time")}
            {input(`calendar.oneOff.${i}.place`, t("admin.meeting.place"))}
            {input(`calendar.oneOff.${i}.videoLink`, t("admin.meeting.videoLink"), "url")}
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("admin.meeting.cancelled")}</legend>
        <div className="form-grid">
          {range(cancelledRows).map((i) =>
            input(`calendar.cancelledDates.${i}`, t("admin.meeting.cancelledDate"), "date"),
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("admin.meeting.required")}</legend>
        <p className="hint">{t("admin.meeting.requiredHint")}</p>
        {range(requiredRows).map((i) => (
          <fieldset key={i} className="choice-group">
            <legend>{t("admin.meeting.requirement", { n: i + 1 })}</legend>
            {SPECIALTIES.map((sp) => {
              const name = `requiredSpecialties.${i}.anyOf.${sp}`;
              return (
                <label key={sp} className="radio">
                  <input type="checkbox" name={name} defaultChecked={v(name) !== ""} />
                  {t(`admin.specialties.${sp}`)}
                </label>
              );
            })}
          </fieldset>
        ))}
      </fieldset>
      <button type="submit" className="secondary">
        {t("admin.meeting.save")}
      </button>
    </Form>
  );
}
