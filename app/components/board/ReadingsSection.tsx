// Dated clinical readings of a lesion (decision 130): pain (EN 0–10), oral morphine equivalent,
// Frankel and ASIA grades, each reading written once; the list; and what they say: the pain
// response after the last radiotherapy to the lesion and the neurological course, each with its
// criterion and source, "indéterminée" with the reason when the data is missing.
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import { newId } from "../../board/ids";
import {
  lesionReadings,
  neurologicalCourseOfReadings,
  PAIN_FOLLOW_UP_MONTHS,
  PAIN_FOLLOW_UP_WINDOW_SOURCE,
  painResponseAfterRadiotherapy,
} from "../../domain/board/readings";
import {
  type BoardLesion,
  type LesionReading,
  LesionReadingSchema,
  NOTE_MAX_CHARS,
} from "../../domain/board/schema";
import { addReading, removeReading } from "../../domain/board/ydoc";
import { scoreApplies } from "../../domain/risk/applicability";
import { ASIA_SOURCE } from "../../domain/scores/asia";
import { FRANKEL_SOURCE, FrankelGradeSchema } from "../../domain/scores/frankel";
import {
  PAIN_RESPONSE_SCORE_ONLY_SOURCE,
  PAIN_RESPONSE_SOURCE,
} from "../../domain/scores/painResponse";
import { findSite } from "../../domain/skeleton";
import { useDates } from "../useDates";
import { useLabel } from "./useLabel";

const NRS_VALUES = Array.from({ length: 11 }, (_, i) => String(i));
const GRADES = FrankelGradeSchema.options;

interface Draft {
  date: string;
  painNrs: string;
  omed: string;
  frankel: string;
  asia: string;
  note: string;
}

const EMPTY: Draft = { date: "", painNrs: "", omed: "", frankel: "", asia: "", note: "" };

/** The form's text as a reading draft: empty stays absent; zod then judges every field. */
function toCandidate(d: Draft, id: string): Record<string, unknown> {
  const omed = d.omed.trim().replace(",", ".");
  return {
    id,
    date: d.date,
    painNrs: d.painNrs === "" ? undefined : Number(d.painNrs),
    omedMgPerDay: omed === "" ? undefined : Number(omed),
    frankel: d.frankel || undefined,
    asia: d.asia || undefined,
    note: d.note.trim(),
  };
}

function PainResponseLine({
  readings,
  radiotherapyDates,
}: {
  readings: readonly LesionReading[];
  radiotherapyDates: readonly string[];
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { date } = useDates();
  const result = painResponseAfterRadiotherapy(readings, radiotherapyDates);
  if (result.status === "indeterminate") {
    return (
      <p className="reading-result" data-testid="pain-response" data-status="indeterminate">
        <strong>{t("board.readings.painResponse")}</strong>{" "}
        {t("board.readings.indeterminate", { reason: label(result.reason) })}
      </p>
    );
  }
  return (
    <div
      className="reading-result"
      data-testid="pain-response"
      data-status={result.response.response}
    >
      <p>
        <strong>
          {t("board.readings.painResponseAfter", { date: date(result.radiotherapyDate) })}
        </strong>{" "}
        {label(result.response.rationale)}
      </p>
      <p className="muted small">
        {t("board.readings.painCriterion", {
          baseline: date(result.baseline.date),
          followUp: date(result.followUp.date),
          months: PAIN_FOLLOW_UP_MONTHS,
        })}
      </p>
      <p className="source">
        {t("board.score.source", {
          source: `${result.response.source} ; ${label(PAIN_FOLLOW_UP_WINDOW_SOURCE)}`,
        })}
      </p>
    </div>
  );
}

function NeuroLine({
  readings,
  scale,
}: {
  readings: readonly LesionReading[];
  scale: "frankel" | "asia";
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const result = neurologicalCourseOfReadings(readings, scale);
  const name = t(`board.readings.${scale}`);
  if (result.status === "indeterminate") {
    return (
      <p className="reading-result" data-testid={`neuro-${scale}`} data-status="indeterminate">
        <strong>{t("board.readings.neuroCourse", { scale: name })}</strong>{" "}
        {result.gradedReadings === 0
          ? t("board.readings.neuroNoGrade")
          : t("board.readings.neuroOneGrade")}
      </p>
    );
  }
  return (
    <div
      className="reading-result"
      data-testid={`neuro-${scale}`}
      data-status={result.course.worsened ? "worsened" : "notWorsened"}
    >
      <p>
        <strong>{t("board.readings.neuroCourse", { scale: name })}</strong>{" "}
        {label(result.course.rationale)}
      </p>
      <p className="muted small">{t("board.readings.neuroCriterion")}</p>
      <p className="source">{t("board.score.source", { source: result.course.source })}</p>
    </div>
  );
}

export function ReadingsSection({
  doc,
  origin,
  lesion,
  radiotherapyDates,
  readOnly,
}: {
  doc: Y.Doc | null;
  origin: object;
  lesion: BoardLesion;
  radiotherapyDates: readonly string[];
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const { date: showDate } = useDates();
  const id = useId();
  const readings = lesionReadings(lesion);
  const site = findSite(lesion.siteId);
  // Frankel and ASIA are offered where the neurological scores apply (the spine), or where a
  // reading already holds a grade (one moved lesion keeps showing what was recorded).
  const neuroApplies =
    (site ? scoreApplies("neurological", site) : false) ||
    readings.some((r) => r.frankel !== undefined || r.asia !== undefined);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const measuresOf = (r: LesionReading): string[] => [
    ...(r.painNrs === undefined ? [] : [t("board.readings.painShort", { value: r.painNrs })]),
    ...(r.omedMgPerDay === undefined
      ? []
      : [t("board.readings.omedShort", { value: r.omedMgPerDay })]),
    ...(r.frankel === undefined ? [] : [`Frankel ${r.frankel}`]),
    ...(r.asia === undefined ? [] : [`ASIA ${r.asia}`]),
  ];
  const [errors, setErrors] = useState<string[]>([]);

  function set<K extends keyof Draft>(key: K, value: string) {
    setDraft((d) => ({ ...d, [key]: value }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = LesionReadingSchema.safeParse(toCandidate(draft, newId("rdg")));
    if (!parsed.success) {
      const fields = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? "")));
      const messages: string[] = [];
      if (fields.has("date")) messages.push(t("board.readings.errors.date"));
      if (fields.has("omedMgPerDay")) messages.push(t("board.readings.errors.omed"));
      if (fields.has("note")) messages.push(t("board.readings.errors.note"));
      if (parsed.error.issues.some((i) => i.code === "custom" && i.path[0] === "painNrs"))
        messages.push(t("board.readings.errors.oneMeasure"));
      setErrors(messages.length > 0 ? messages : [t("common.fixErrors")]);
      return;
    }
    setErrors([]);
    if (!doc) return;
    addReading(doc, lesion.id, parsed.data, origin);
    setDraft(EMPTY);
  }

  return (
    <section className="panel-section readings" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("board.sections.readings")}</h3>
      {/* What the readings feed and what they do not (issue 12 review): the lesion's current pain
          and grades above feed the scores; these feed only the two follow-up results below. */}
      <p className="muted small" data-testid="readings-purpose">
        {t("board.readings.purpose", {
          painSource: `${PAIN_RESPONSE_SCORE_ONLY_SOURCE} ; ${PAIN_RESPONSE_SOURCE}`,
          neuroSource: `${FRANKEL_SOURCE} ; ${ASIA_SOURCE}`,
        })}
      </p>
      <PainResponseLine readings={readings} radiotherapyDates={radiotherapyDates} />
      {neuroApplies ? (
        <>
          <NeuroLine readings={readings} scale="frankel" />
          <NeuroLine readings={readings} scale="asia" />
        </>
      ) : null}
      {readings.length === 0 ? (
        <p className="muted">{t("board.readings.none")}</p>
      ) : (
        <table className="assessments readings-table">
          <thead>
            <tr>
              <th>{t("board.readings.date")}</th>
              <th>{t("board.readings.measures")}</th>
              <th>{t("board.readings.note")}</th>
              {readOnly ? null : (
                <th>
                  <span className="sr-only">{t("common.actions")}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {readings.map((r) => (
              <tr key={r.id} data-reading-id={r.id}>
                <td>{showDate(r.date)}</td>
                <td>{measuresOf(r).join(" · ")}</td>
                <td>{r.note}</td>
                {readOnly ? null : (
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => doc && removeReading(doc, lesion.id, r.id, origin)}
                    >
                      {t("board.readings.remove")}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {readOnly ? null : (
        <form className="add-assessment add-reading" onSubmit={submit} noValidate>
          <div className="field compact">
            <label htmlFor={`${id}-date`}>{t("board.readings.date")}</label>
            <input
              id={`${id}-date`}
              type="date"
              value={draft.date}
              onChange={(e) => set("date", e.target.value)}
            />
          </div>
          <div className="field compact">
            <label htmlFor={`${id}-nrs`}>{t("board.readings.pain")}</label>
            <select
              id={`${id}-nrs`}
              value={draft.painNrs}
              onChange={(e) => set("painNrs", e.target.value)}
            >
              <option value="">{t("common.notGiven")}</option>
              {NRS_VALUES.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div className="field compact">
            <label htmlFor={`${id}-omed`}>{t("board.readings.omed")}</label>
            <input
              id={`${id}-omed`}
              inputMode="decimal"
              size={6}
              value={draft.omed}
              onChange={(e) => set("omed", e.target.value)}
            />
          </div>
          {neuroApplies
            ? (["frankel", "asia"] as const).map((scale) => (
                <div className="field compact" key={scale}>
                  <label htmlFor={`${id}-${scale}`}>{t(`board.readings.${scale}`)}</label>
                  <select
                    id={`${id}-${scale}`}
                    value={draft[scale]}
                    onChange={(e) => set(scale, e.target.value)}
                  >
                    <option value="">{t("common.notGiven")}</option>
                    {GRADES.map((g) => (
                      <option key={g} value={g}>
                        {g}
                      </option>
                    ))}
                  </select>
                </div>
              ))
            : null}
          <div className="field compact">
            <label htmlFor={`${id}-note`}>{t("board.readings.note")}</label>
            <input
              id={`${id}-note`}
              value={draft.note}
              maxLength={NOTE_MAX_CHARS}
              onChange={(e) => set("note", e.target.value)}
            />
          </div>
          <button type="submit">{t("board.readings.add")}</button>
          {errors.length > 0 ? (
            <ul className="field-error" role="alert">
              {errors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </form>
      )}
    </section>
  );
}
