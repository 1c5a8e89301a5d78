// The panel of one lesion: its risk on the three axes (each with the rule that decided it and its
// source), the engine's alerts, the score inputs and results, the options, the imaging history
// and the discussion. Everything recomputes live from the board as anyone edits it.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { type BoardLesion, DISCUSSION_MAX_CHARS } from "../../domain/board/schema";
import { lesionDiscussion, lesionsMap, removeLesion } from "../../domain/board/ydoc";
import type { AxisAssessment, LesionRiskSummary, RiskContext } from "../../domain/risk";
import { findSite, siteLabel } from "../../domain/skeleton";
import { type TreatmentSuggestions, treatmentTriggers } from "../../domain/treatments";
import { useDates } from "../useDates";
import { AssessmentsSection } from "./AssessmentsSection";
import { CollabEditor } from "./CollabEditor";
import { Fold } from "./Fold";
import { OptionsSection } from "./OptionsSection";
import { PatchellCriteria } from "./PatchellCriteria";
import { ReadingsSection } from "./ReadingsSection";
import { RiskBadge } from "./RiskMark";
import { ScoreInputs } from "./ScoreInputs";
import { useLabel } from "./useLabel";

const SETUP_ORIGIN = { board: "setup" };

function Axis({ name, axis, testId }: { name: string; axis: AxisAssessment; testId: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const others = axis.rules.slice(1);
  return (
    <div className="axis" data-axis={testId} data-level={axis.level}>
      <div className="axis-head">
        <span className="axis-name">{name}</span>
        <RiskBadge level={axis.level} />
      </div>
      {axis.decidedBy ? (
        <>
          <p className="rationale">{label(axis.decidedBy.rationale)}</p>
          <p className="source">{t("board.score.source", { source: axis.decidedBy.source })}</p>
        </>
      ) : (
        <p className="muted small">{t("board.summary.undecided")}</p>
      )}
      {others.length > 0 ? (
        <details>
          <summary>{t("board.summary.otherRules", { count: others.length })}</summary>
          <ul className="rules">
            {others.map((r) => (
              <li key={r.ruleId}>
                <RiskBadge level={r.level} /> {label(r.rationale)}{" "}
                <span className="source">({r.source})</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function suggestionsFor(lesion: BoardLesion, context: RiskContext): TreatmentSuggestions | null {
  try {
    return treatmentTriggers(lesion, context);
  } catch {
    return null;
  }
}

/** A skeletal event of the lesion, recorded on the patient page (issue 12 §3). */
export interface LesionSkeletalEvent {
  id: number;
  lesionId: string | null;
  kind: string;
  date: string;
  planned: boolean;
}

export function LesionPanel({
  doc,
  awareness,
  origin,
  lesion,
  number,
  summary,
  context,
  skeletalEvents = [],
  radiotherapyDates = [],
  readOnly,
  userId,
  userName,
  onClose,
}: {
  doc: Y.Doc | null;
  awareness: Awareness | null;
  origin: object;
  lesion: BoardLesion;
  number: number;
  summary: LesionRiskSummary | null;
  context: RiskContext;
  skeletalEvents?: readonly LesionSkeletalEvent[];
  /** The dates this lesion was irradiated (skeletal events, done plan items; decision 130). */
  radiotherapyDates?: readonly string[];
  readOnly: boolean;
  userId: number;
  userName: (id: number) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { date } = useDates();
  const label = useLabel();
  const site = findSite(lesion.siteId);
  const suggestions = useMemo(() => suggestionsFor(lesion, context), [lesion, context]);
  // Lesions are created with their discussion text; an older one gets it on first use, under an
  // origin undo does not track (opening a lesion is not an edit to undo). Read-only: never write,
  // show the text that exists.
  const discussion = useMemo(() => {
    if (!doc) return null;
    if (readOnly) {
      const map: unknown = lesionsMap(doc).get(lesion.id);
      const existing = map instanceof Y.Map ? map.get("discussion") : null;
      return existing instanceof Y.Text ? existing : null;
    }
    try {
      return lesionDiscussion(doc, lesion.id, SETUP_ORIGIN);
    } catch {
      return null;
    }
  }, [doc, readOnly, lesion.id]);
  if (!site) return null;
  const title = label(siteLabel(site, lesion.side));
  return (
    <article
      className="lesion-panel"
      aria-labelledby="lesion-panel-title"
      data-lesion-id={lesion.id}
    >
      <header className="lesion-panel-head">
        <h2 id="lesion-panel-title">
          <span className="lesion-number">{number}</span> {title}
        </h2>
        <div className="lesion-panel-actions">
          {readOnly ? null : (
            <button
              type="button"
              className="danger small"
              onClick={() => {
                if (doc && window.confirm(t("board.panel.removeConfirm", { site: title }))) {
                  removeLesion(doc, lesion.id, origin);
                  onClose();
                }
              }}
            >
              {t("board.panel.remove")}
            </button>
          )}
          <button type="button" className="secondary small" onClick={onClose}>
            {t("board.panel.close")}
          </button>
        </div>
      </header>
      {lesion.createdBy ? (
        <p className="muted small">
          {t("board.panel.createdBy", { name: userName(lesion.createdBy) })}
        </p>
      ) : null}

      {skeletalEvents.length > 0 ? (
        <section className="panel-section skeletal-events" aria-label={t("skeletal.boardTitle")}>
          <h3>{t("skeletal.boardTitle")}</h3>
          <ul>
            {skeletalEvents.map((e) => (
              <li key={e.id} data-kind={e.kind} data-origin={e.planned ? "planned" : "emergency"}>
                {date(e.date)} — {t(`skeletal.kinds.${e.kind}`)}{" "}
                <strong className={e.planned ? "badge" : "badge urgent"}>
                  {t(`skeletal.origins.${e.planned ? "planned" : "emergency"}`)}
                </strong>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Fold id="risk" title={t("board.fold.risk")} defaultOpen>
        {summary ? (
          <section className="panel-section summary" aria-label={t("board.summary.title")}>
            <h3>{t("board.summary.title")}</h3>
            <div className="axes">
              <Axis name={t("board.summary.fracture")} axis={summary.fracture} testId="fracture" />
              <Axis name={t("board.summary.neuro")} axis={summary.neurological} testId="neuro" />
              <Axis name={t("board.summary.pain")} axis={summary.pain} testId="pain" />
            </div>
            {summary.warnings.length > 0 ? (
              <ul className="warnings">
                {summary.warnings.map((w) => (
                  <li key={w.en}>{label(w)}</li>
                ))}
              </ul>
            ) : null}
          </section>
        ) : null}

        {suggestions && suggestions.flags.length > 0 ? (
          <section className="panel-section flags" aria-label={t("board.flags.title")}>
            <h3>{t("board.flags.title")}</h3>
            <ul>
              {suggestions.flags.map((f) => (
                <li key={f.id} className={`flag flag-${f.severity}`}>
                  <strong>
                    {t(`board.flags.${f.severity}`)} — {label(f.label)}
                  </strong>
                  <span>{label(f.rationale)}</span>
                  <span className="source">{t("board.score.source", { source: f.source })}</span>
                </li>
              ))}
            </ul>
            <p className="muted small">{label(suggestions.disclaimer)}</p>
          </section>
        ) : null}
        {suggestions?.patchell ? <PatchellCriteria patchell={suggestions.patchell} /> : null}
      </Fold>

      <Fold id="scores" title={t("board.fold.scores")} defaultOpen>
        <ScoreInputs
          doc={doc}
          origin={origin}
          lesion={lesion}
          site={site}
          summary={summary}
          readOnly={readOnly}
        />
      </Fold>

      <Fold id="options" title={t("board.sections.options")} defaultOpen>
        <OptionsSection
          doc={doc}
          awareness={awareness}
          origin={origin}
          lesion={lesion}
          suggestions={suggestions?.options ?? []}
          readOnly={readOnly}
          userId={userId}
          userName={userName}
        />
      </Fold>

      <Fold id="assessments" title={t("board.sections.assessments")} defaultOpen>
        <AssessmentsSection doc={doc} origin={origin} lesion={lesion} readOnly={readOnly} />
      </Fold>

      <Fold id="readings" title={t("board.sections.readings")} defaultOpen>
        <ReadingsSection
          doc={doc}
          origin={origin}
          lesion={lesion}
          radiotherapyDates={radiotherapyDates}
          readOnly={readOnly}
        />
      </Fold>

      <Fold id="discussion" title={t("board.sections.discussion")} defaultOpen>
        <section className="panel-section" aria-labelledby={`${lesion.id}-disc`}>
          <h3 id={`${lesion.id}-disc`}>{t("board.sections.discussion")}</h3>
          {discussion ? (
            <CollabEditor
              key={lesion.id}
              text={discussion}
              awareness={awareness}
              label={t("board.panel.discussionLabel")}
              maxLength={DISCUSSION_MAX_CHARS}
              readOnly={readOnly}
              testId="lesion-discussion"
            />
          ) : (
            <p className="discussion-text">{lesion.discussion || t("board.panel.noDiscussion")}</p>
          )}
        </section>
      </Fold>
    </article>
  );
}
