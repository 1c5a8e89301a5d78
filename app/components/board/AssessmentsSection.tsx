// Dated imaging assessments of a lesion (date, modality, response), its timeline, and adding one.
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import { newId } from "../../board/ids";
import {
  type BoardLesion,
  IMAGING_MODALITY_LABELS,
  type ImagingModality,
  ImagingModalitySchema,
  LESION_RESPONSE_LABELS,
  type LesionResponse,
  LesionResponseSchema,
  lesionHistory,
} from "../../domain/board/schema";
import { addAssessment, removeAssessment } from "../../domain/board/ydoc";
import { IsoDateSchema, todayIn } from "../../domain/dates";
import { useRootData } from "../../root";
import { useDates } from "../useDates";
import { AssessmentTimeline } from "./AssessmentTimeline";
import { useLabel } from "./useLabel";

export function AssessmentsSection({
  doc,
  origin,
  lesion,
  readOnly,
}: {
  doc: Y.Doc | null;
  origin: object;
  lesion: BoardLesion;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { date: showDate } = useDates();
  const id = useId();
  const history = lesionHistory(lesion);
  const timeZone = useRootData()?.timeZone ?? "Europe/Paris";
  const [date, setDate] = useState(() => todayIn(new Date(), timeZone));
  const [modality, setModality] = useState<ImagingModality>("ct");
  const [response, setResponse] = useState<LesionResponse>("stable");
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = IsoDateSchema.safeParse(date);
    if (!parsed.success) {
      setError(t("board.assessments.badDate"));
      return;
    }
    setError(null);
    if (!doc) return;
    addAssessment(
      doc,
      lesion.id,
      { id: newId("asm"), imagingDate: parsed.data, modality, response },
      origin,
    );
  }

  return (
    <section className="panel-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("board.sections.assessments")}</h3>
      {history.length === 0 ? <p className="muted">{t("board.assessments.none")}</p> : null}
      <AssessmentTimeline history={history} />
      {history.length > 0 ? (
        <table className="assessments">
          <thead>
            <tr>
              <th>{t("board.assessments.date")}</th>
              <th>{t("board.assessments.modality")}</th>
              <th>{t("board.assessments.response")}</th>
              {readOnly ? null : (
                <th>
                  <span className="sr-only">{t("common.actions")}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {history.map((a) => (
              <tr key={a.id}>
                <td>{showDate(a.imagingDate)}</td>
                <td>{label(IMAGING_MODALITY_LABELS[a.modality])}</td>
                <td>
                  {label(LESION_RESPONSE_LABELS[a.response])}
                  {a.note ? <span className="muted small"> — {a.note}</span> : null}
                </td>
                {readOnly ? null : (
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => doc && removeAssessment(doc, lesion.id, a.id, origin)}
                    >
                      {t("board.assessments.remove")}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {readOnly ? null : (
        <form className="add-assessment field-row" onSubmit={submit}>
          <div className="field compact">
            <label htmlFor={`${id}-date`}>{t("board.assessments.date")}</label>
            <input
              id={`${id}-date`}
              type="date"
              value={date}
              aria-invalid={error ? true : undefined}
              onChange={(e) => setDate(e.target.value)}
            />
          </div>
          <div className="field compact">
            <label htmlFor={`${id}-mod`}>{t("board.assessments.modality")}</label>
            <select
              id={`${id}-mod`}
              value={modality}
              onChange={(e) => {
                const v = ImagingModalitySchema.safeParse(e.target.value);
                if (v.success) setModality(v.data);
              }}
            >
              {ImagingModalitySchema.options.map((m) => (
                <option key={m} value={m}>
                  {label(IMAGING_MODALITY_LABELS[m])}
                </option>
              ))}
            </select>
          </div>
          <div className="field compact">
            <label htmlFor={`${id}-resp`}>{t("board.assessments.response")}</label>
            <select
              id={`${id}-resp`}
              value={response}
              onChange={(e) => {
                const v = LesionResponseSchema.safeParse(e.target.value);
                if (v.success) setResponse(v.data);
              }}
            >
              {LesionResponseSchema.options.map((r) => (
                <option key={r} value={r}>
                  {label(LESION_RESPONSE_LABELS[r])}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t("board.assessments.add")}</button>
          {error ? <p className="field-error">{error}</p> : null}
        </form>
      )}
    </section>
  );
}
