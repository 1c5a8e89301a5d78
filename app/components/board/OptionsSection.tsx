// Local-treatment options under discussion for one lesion: who proposed each, its status
// (proposée / retenue / écartée) and a note. The engine's suggestions come first in the list; only
// treatments that apply to the site are offered (app/domain/risk/applicability.ts).
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { newId } from "../../board/ids";
import {
  type BoardLesion,
  NOTE_MAX_CHARS,
  OPTION_STATUS_LABELS,
  OptionStatusSchema,
  type TreatmentOption,
} from "../../domain/board/schema";
import {
  existingOptionNote,
  optionNote,
  proposeOption,
  setOptionStatus,
} from "../../domain/board/ydoc";
import { treatmentApplies } from "../../domain/risk";
import { findSite } from "../../domain/skeleton";
import {
  type CandidateOption,
  LOCAL_TREATMENT_IDS,
  LOCAL_TREATMENTS,
  type LocalTreatmentId,
} from "../../domain/treatments";
import { useDates } from "../useDates";
import { CollabEditor } from "./CollabEditor";
import { useLabel } from "./useLabel";

/** Turning an older string note into shared text is set-up, not an edit to undo. */
const SETUP_ORIGIN = { board: "setup" };

/** The option's note: shared text, typed by several people at once without garbling (decision 071). */
function NoteField({
  doc,
  lesionId,
  option,
  awareness,
  readOnly,
}: {
  doc: Y.Doc | null;
  lesionId: string;
  option: TreatmentOption;
  awareness: Awareness | null;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const text = useMemo(() => {
    if (!doc) return null;
    try {
      // Observers only read: an older plain-string note is shown as it is, never converted by them.
      return readOnly
        ? existingOptionNote(doc, lesionId, option.id)
        : optionNote(doc, lesionId, option.id, SETUP_ORIGIN);
    } catch {
      return null;
    }
  }, [doc, lesionId, option.id, readOnly]);
  if (!text) {
    return (
      <div className="field compact">
        <span className="field-label">{t("board.options.note")}</span>
        <p className="discussion-text">{option.note || "—"}</p>
      </div>
    );
  }
  return (
    <CollabEditor
      key={option.id}
      text={text}
      awareness={awareness}
      label={t("board.options.note")}
      maxLength={NOTE_MAX_CHARS}
      readOnly={readOnly}
      testId="option-note"
      compact
    />
  );
}

export function OptionsSection({
  doc,
  origin,
  lesion,
  suggestions,
  readOnly,
  userId,
  userName,
  awareness,
}: {
  doc: Y.Doc | null;
  awareness: Awareness | null;
  origin: object;
  lesion: BoardLesion;
  suggestions: readonly CandidateOption[];
  readOnly: boolean;
  userId: number;
  userName: (id: number) => string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const id = useId();
  const suggested = new Set(suggestions.map((s) => s.treatmentId));
  const site = findSite(lesion.siteId);
  const offered = LOCAL_TREATMENT_IDS.filter(
    (x) => !suggested.has(x) && site !== undefined && treatmentApplies(x, site),
  );
  const [choice, setChoice] = useState<LocalTreatmentId | "">("");
  const options = Object.values(lesion.options).sort((a, b) =>
    (a.proposedAt ?? "").localeCompare(b.proposedAt ?? ""),
  );
  const date = useDates().date;
  function add() {
    if (!doc || choice === "") return;
    proposeOption(
      doc,
      lesion.id,
      {
        id: newId("opt"),
        treatmentId: choice,
        proposedBy: userId,
        proposedAt: new Date().toISOString(),
        status: "proposed",
        note: "",
      },
      origin,
    );
    setChoice("");
  }
  return (
    <section className="panel-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("board.sections.options")}</h3>
      {options.length === 0 ? <p className="muted">{t("board.options.none")}</p> : null}
      <ul className="options">
        {options.map((o) => {
          const treatment = LOCAL_TREATMENTS[o.treatmentId];
          return (
            <li key={o.id} className={`option status-${o.status}`} data-option={o.treatmentId}>
              <div className="option-head">
                <strong>{label(treatment.label)}</strong>
                <span className={`status-tag status-${o.status}`}>
                  {label(OPTION_STATUS_LABELS[o.status])}
                </span>
              </div>
              <p className="small muted">
                {t("board.options.proposedBy", {
                  name: userName(o.proposedBy),
                  date: date(o.proposedAt),
                })}
              </p>
              <div className="field-row">
                <div className="field compact">
                  <label htmlFor={`${o.id}-status`}>{t("board.options.status")}</label>
                  <select
                    id={`${o.id}-status`}
                    value={o.status}
                    disabled={readOnly}
                    onChange={(e) => {
                      const status = OptionStatusSchema.safeParse(e.target.value);
                      if (doc && status.success)
                        setOptionStatus(doc, lesion.id, o.id, { status: status.data }, origin);
                    }}
                  >
                    {OptionStatusSchema.options.map((s) => (
                      <option key={s} value={s}>
                        {label(OPTION_STATUS_LABELS[s])}
                      </option>
                    ))}
                  </select>
                </div>
                <NoteField
                  doc={doc}
                  lesionId={lesion.id}
                  option={o}
                  awareness={awareness}
                  readOnly={readOnly}
                />
              </div>
            </li>
          );
        })}
      </ul>
      {readOnly ? null : (
        <div className="add-option">
          <div className="field compact">
            <label htmlFor={`${id}-new`}>{t("board.options.propose")}</label>
            <select
              id={`${id}-new`}
              value={choice}
              onChange={(e) => {
                const v = LOCAL_TREATMENT_IDS.find((x) => x === e.target.value);
                setChoice(v ?? "");
              }}
            >
              <option value="">{t("board.options.choose")}</option>
              {suggestions.length > 0 ? (
                <optgroup label={t("board.options.suggested")}>
                  {suggestions.map((s) => (
                    <option key={s.treatmentId} value={s.treatmentId}>
                      {label(s.treatment.label)}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              <optgroup label={t("board.options.all")}>
                {offered.map((x) => (
                  <option key={x} value={x}>
                    {label(LOCAL_TREATMENTS[x].label)}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <button type="button" onClick={add} disabled={choice === ""}>
            {t("board.options.add")}
          </button>
        </div>
      )}
    </section>
  );
}
