// The score inputs of one lesion, next to the result the clinical engine computes from them.
// Only what applies to the site is offered, from the one applicability table
// (app/domain/risk/applicability.ts): Mirels on limb long bones, SINS and the neurological grades
// on the spine, Harrington's proximal-femur items on the proximal femur, cortical criteria on the
// femur. A fact is typed once: the items derived from another input (risk/facts.ts) show the
// derived value and take an override (DerivedChoice). Choices are listed in clinical order.
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import { latestReadingApart, type MeasureHeldTwice } from "../../domain/board/readings";
import type { BoardLesion } from "../../domain/board/schema";
import { type NestedLesionField, setLesionField, setScoreItem } from "../../domain/board/ydoc";
import { LESION_TYPE_LABELS } from "../../domain/common";
import type { FeLesionResult } from "../../domain/fe/result";
import {
  HARRINGTON_ITEM_APPLICABILITY,
  type LesionInput,
  type LesionRiskSummary,
  lesionFacts,
  scoreApplies,
  withDerivedFacts,
} from "../../domain/risk";
import {
  ASIA_GRADES,
  esccGradeLabel,
  FRANKEL_GRADES,
  HARRINGTON_CRITERIA_LABELS,
  type HarringtonCriterion,
  ORDERED_SCALES,
  PAIN_CHARACTER_LABELS,
  PainCharacterSchema,
} from "../../domain/scores";
import { neuralElementAt, SINS_LOCATION_LABELS, type SkeletonSite } from "../../domain/skeleton";
import { useFeFacts } from "../FeResultFacts";
import { useDates } from "../useDates";
import { useBoardPatientId } from "./boardPatient";
import {
  Choice,
  type ChoiceOption,
  DerivedChoice,
  DerivedYesNo,
  NumberField,
  TriState,
} from "./fields";
import { ScoreCard } from "./ScoreCard";
import { useLabel } from "./useLabel";

const HARRINGTON_KEYS = Object.keys(HARRINGTON_CRITERIA_LABELS) as HarringtonCriterion[];

/**
 * Beside a current value the scores read (pain NRS, Frankel, ASIA): the latest dated reading of the
 * same measure (decision 130) when it differs, with its date, so a clinician who sees two places to
 * type pain knows which one the score uses (issue 12 review). Nothing when they agree.
 */
function LatestReadingNote({
  lesion,
  measure,
}: {
  lesion: BoardLesion;
  measure: MeasureHeldTwice;
}) {
  const { t } = useTranslation();
  const { date } = useDates();
  const latest = latestReadingApart(lesion, measure);
  if (!latest) return null;
  const value =
    measure === "painNrs"
      ? t("board.readings.painShort", { value: latest.value })
      : `${t(`board.readings.${measure}`)} ${latest.value}`;
  return (
    <p className="muted small field-help latest-reading" data-testid={`latest-reading-${measure}`}>
      {t(
        latest.current === null
          ? "board.fields.latestReadingNoCurrent"
          : "board.fields.latestReading",
        {
          value,
          date: date(latest.date),
        },
      )}
    </p>
  );
}

export function ScoreInputs({
  doc,
  origin,
  lesion,
  site,
  summary,
  readOnly,
}: {
  doc: Y.Doc | null;
  origin: object;
  lesion: BoardLesion;
  site: SkeletonSite;
  summary: LesionRiskSummary | null;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const id = lesion.id;
  const ro = readOnly || doc === null;
  const scores = summary?.scores ?? {};
  const rule = (ruleId: string) =>
    [
      ...(summary?.fracture.rules ?? []),
      ...(summary?.neurological.rules ?? []),
      ...(summary?.pain.rules ?? []),
    ].find((r) => r.ruleId === ruleId);

  function opts<T extends string>(values: readonly T[], key: string): ChoiceOption<T>[] {
    return values.map((v) => ({ value: v, label: t(`board.choices.${key}.${v}`) }));
  }
  const item = <F extends NestedLesionField>(
    field: F,
    name: keyof NonNullable<LesionInput[F]> & string,
    value: unknown,
  ) => {
    if (doc) setScoreItem(doc, id, field, name, value, origin);
  };
  const missing = (pairs: [string, unknown][]) =>
    pairs.filter(([, v]) => v === undefined).map(([k]) => k);

  const facts = lesionFacts(lesion);
  const source = (from: string) => t(`board.derived.sources.${from}`);
  const withFacts = withDerivedFacts(lesion);
  const harringtonKeys = HARRINGTON_KEYS.filter((k) =>
    scoreApplies(HARRINGTON_ITEM_APPLICABILITY[k], site),
  );
  const element = site.spinalLevel ? neuralElementAt(site.spinalLevel) : "spinalCord";

  const lesionTypeOptions = ORDERED_SCALES.lesionType.values.map((v) => ({
    value: v,
    label: label(LESION_TYPE_LABELS[v]),
  }));

  return (
    <>
      <section className="panel-section" aria-labelledby={`${id}-desc`}>
        <h3 id={`${id}-desc`}>{t("board.sections.description")}</h3>
        <div className="field-row">
          <Choice
            label={t("board.fields.lesionType")}
            value={lesion.lesionType}
            options={lesionTypeOptions}
            readOnly={ro}
            testId="lesionType"
            onChange={(v) => doc && setLesionField(doc, id, "lesionType", v, origin)}
          />
          <NumberField
            label={t("board.fields.size")}
            unit="mm"
            value={lesion.size_mm}
            min={1}
            max={1000}
            readOnly={ro}
            testId="size_mm"
            onChange={(v) => doc && setLesionField(doc, id, "size_mm", v, origin)}
          />
          {scoreApplies("harringtonProximalFemur", site) ? (
            <p className="muted small field-help">{t("board.fields.sizeHelp")}</p>
          ) : null}
          <TriState
            label={t("board.fields.completedFracture")}
            value={lesion.completedFracture}
            readOnly={ro}
            testId="completedFracture"
            onChange={(v) => doc && setLesionField(doc, id, "completedFracture", v, origin)}
          />
        </div>
      </section>

      <section className="panel-section" aria-labelledby={`${id}-pain`}>
        <h3 id={`${id}-pain`}>{t("board.sections.pain")}</h3>
        <div className="field-row">
          <Choice
            label={t("board.fields.nrs")}
            value={lesion.pain?.nrs === undefined ? undefined : String(lesion.pain.nrs)}
            options={ORDERED_SCALES.painNrs.values.map((n) => ({ value: n, label: n }))}
            readOnly={ro}
            testId="pain.nrs"
            onChange={(v) => item("pain", "nrs", v === undefined ? undefined : Number(v))}
          />
          <Choice
            label={t("board.fields.painCharacter")}
            value={lesion.pain?.character}
            options={PainCharacterSchema.options.map((v) => ({
              value: v,
              label: label(PAIN_CHARACTER_LABELS[v]),
            }))}
            readOnly={ro}
            testId="pain.character"
            onChange={(v) => item("pain", "character", v)}
          />
        </div>
        <p className="muted small field-help" data-testid="current-pain-help">
          {t("board.fields.currentPainHelp")}
        </p>
        <LatestReadingNote lesion={lesion} measure="painNrs" />
        <ScoreCard
          score="pain"
          title={t("board.scores.pain")}
          max={10}
          result={scores.pain}
          missing={missing([[t("board.fields.nrs"), lesion.pain?.nrs]])}
        />
      </section>

      {site.mirelsSite && scoreApplies("mirels", site) ? (
        <section className="panel-section" aria-labelledby={`${id}-mirels`}>
          <h3 id={`${id}-mirels`}>{t("board.sections.mirels")}</h3>
          <div className="field-row">
            <DerivedChoice
              label={t("board.fields.mirelsPain")}
              override={facts.mirelsPain.override}
              derived={facts.mirelsPain.derived}
              source={source(facts.mirelsPain.from)}
              options={opts(ORDERED_SCALES.mirelsPain.values, "mirelsPain")}
              readOnly={ro}
              testId="mirels.pain"
              onChange={(v) => item("mirels", "pain", v)}
            />
            <Choice
              label={t("board.fields.mirelsSize")}
              value={lesion.mirels?.size}
              options={opts(ORDERED_SCALES.mirelsSize.values, "mirelsSize")}
              readOnly={ro}
              testId="mirels.size"
              onChange={(v) => item("mirels", "size", v)}
            />
          </div>
          <p className="muted small field-help">{t("board.fields.mirelsSizeHelp")}</p>
          <p className="muted small">
            {t("board.fields.mirelsSite", {
              site: t(`board.choices.mirelsSite.${site.mirelsSite}`),
            })}
          </p>
          <ScoreCard
            score="mirels"
            title="Mirels"
            max={12}
            result={scores.mirels}
            partial={rule("fracture.mirelsPartial")}
            missing={missing([
              [t("board.fields.lesionType"), lesion.lesionType],
              [t("board.fields.mirelsPain"), facts.mirelsPain.value],
              [t("board.fields.mirelsSize"), lesion.mirels?.size],
            ])}
          />
        </section>
      ) : null}

      {site.sinsLocation && scoreApplies("sins", site) ? (
        <section className="panel-section" aria-labelledby={`${id}-sins`}>
          <h3 id={`${id}-sins`}>{t("board.sections.sins")}</h3>
          <p className="muted small">
            {t("board.fields.sinsLocation", {
              location: label(SINS_LOCATION_LABELS[site.sinsLocation]),
            })}
          </p>
          <div className="field-row">
            <DerivedChoice
              label={t("board.fields.sinsPain")}
              override={facts.sinsPain.override}
              derived={facts.sinsPain.derived}
              source={source(facts.sinsPain.from)}
              options={opts(ORDERED_SCALES.sinsPain.values, "sinsPain")}
              readOnly={ro}
              testId="sins.pain"
              onChange={(v) => item("sins", "pain", v)}
            />
            <Choice
              label={t("board.fields.sinsAlignment")}
              value={lesion.sins?.alignment}
              options={opts(ORDERED_SCALES.sinsAlignment.values, "sinsAlignment")}
              readOnly={ro}
              testId="sins.alignment"
              onChange={(v) => item("sins", "alignment", v)}
            />
            <Choice
              label={t("board.fields.sinsCollapse")}
              value={lesion.sins?.collapse}
              options={opts(ORDERED_SCALES.sinsCollapse.values, "sinsCollapse")}
              readOnly={ro}
              testId="sins.collapse"
              onChange={(v) => item("sins", "collapse", v)}
            />
            <Choice
              label={t("board.fields.sinsPosterolateral")}
              value={lesion.sins?.posterolateral}
              options={opts(ORDERED_SCALES.sinsPosterolateral.values, "sinsPosterolateral")}
              readOnly={ro}
              testId="sins.posterolateral"
              onChange={(v) => item("sins", "posterolateral", v)}
            />
          </div>
          <ScoreCard
            score="sins"
            title="SINS"
            max={18}
            result={scores.sins}
            partial={rule("fracture.sinsPartial")}
            missing={missing([
              [t("board.fields.lesionType"), lesion.lesionType],
              [t("board.fields.sinsPain"), facts.sinsPain.value],
              [t("board.fields.sinsAlignment"), lesion.sins?.alignment],
              [t("board.fields.sinsCollapse"), lesion.sins?.collapse],
              [t("board.fields.sinsPosterolateral"), lesion.sins?.posterolateral],
            ])}
          />
        </section>
      ) : null}

      {site.spinalLevel && scoreApplies("neurological", site) ? (
        <section
          className="panel-section"
          aria-labelledby={`${id}-neuro`}
          data-neural-element={element}
        >
          <h3 id={`${id}-neuro`}>
            {t(element === "caudaEquina" ? "board.sections.neuroCauda" : "board.sections.neuro")}
          </h3>
          <div className="field-row">
            <Choice
              label={t("board.fields.escc")}
              value={lesion.escc}
              options={ORDERED_SCALES.escc.values.map((g) => ({
                value: g,
                label: `${g} — ${label(esccGradeLabel(g, element))}`,
              }))}
              readOnly={ro}
              testId="escc"
              onChange={(v) => doc && setLesionField(doc, id, "escc", v, origin)}
            />
            <Choice
              label={t("board.fields.frankel")}
              value={lesion.frankel}
              options={ORDERED_SCALES.frankel.values.map((g) => ({
                value: g,
                label: `${g} — ${label(FRANKEL_GRADES[g].label)}`,
              }))}
              readOnly={ro}
              testId="frankel"
              onChange={(v) => doc && setLesionField(doc, id, "frankel", v, origin)}
            />
            <Choice
              label={t("board.fields.asia")}
              value={lesion.asia}
              options={ORDERED_SCALES.asia.values.map((g) => ({
                value: g,
                label: `${g} — ${label(ASIA_GRADES[g].label)}`,
              }))}
              readOnly={ro}
              testId="asia"
              onChange={(v) => doc && setLesionField(doc, id, "asia", v, origin)}
            />
            <TriState
              label={t("board.fields.newDeficit")}
              value={lesion.newNeurologicalDeficit}
              readOnly={ro}
              testId="newNeurologicalDeficit"
              onChange={(v) => doc && setLesionField(doc, id, "newNeurologicalDeficit", v, origin)}
            />
          </div>
          <p className="muted small field-help">{t("board.fields.currentNeuroHelp")}</p>
          <LatestReadingNote lesion={lesion} measure="frankel" />
          <LatestReadingNote lesion={lesion} measure="asia" />
          <div className="score-grid">
            <ScoreCard
              score="escc"
              title={t("board.scores.escc")}
              result={scores.escc}
              missing={missing([[t("board.fields.escc"), lesion.escc]])}
            />
            <ScoreCard
              score="frankel"
              title="Frankel"
              result={scores.frankel}
              missing={missing([[t("board.fields.frankel"), lesion.frankel]])}
            />
            <ScoreCard
              score="asia"
              title="ASIA (AIS)"
              result={scores.asia}
              missing={missing([[t("board.fields.asia"), lesion.asia]])}
            />
          </div>
        </section>
      ) : null}

      {harringtonKeys.length > 0 ? (
        <section className="panel-section" aria-labelledby={`${id}-harrington`}>
          <h3 id={`${id}-harrington`}>{t("board.sections.harrington")}</h3>
          <div className="field-row">
            {harringtonKeys.map((key) => {
              const derived =
                key === "lesionAtLeast25mmProximalFemur"
                  ? facts.harringtonLesionAtLeast25mm
                  : key === "corticalDestructionAtLeast50"
                    ? facts.harringtonCorticalDestructionAtLeast50
                    : null;
              return derived ? (
                <DerivedYesNo
                  key={key}
                  label={label(HARRINGTON_CRITERIA_LABELS[key])}
                  override={derived.override}
                  derived={derived.derived}
                  source={source(derived.from)}
                  readOnly={ro}
                  testId={`harrington.${key}`}
                  onChange={(v) => item("harrington", key, v)}
                />
              ) : (
                <TriState
                  key={key}
                  label={label(HARRINGTON_CRITERIA_LABELS[key])}
                  value={lesion.harrington?.[key]}
                  readOnly={ro}
                  testId={`harrington.${key}`}
                  onChange={(v) => item("harrington", key, v)}
                />
              );
            })}
          </div>
          <ScoreCard
            score="harrington"
            title="Harrington"
            result={scores.harrington}
            missing={
              scores.harrington
                ? []
                : harringtonKeys
                    .filter((k) => withFacts.harrington?.[k] === undefined)
                    .map((k) => label(HARRINGTON_CRITERIA_LABELS[k]))
            }
          />
        </section>
      ) : null}

      {scoreApplies("cortical", site) ? (
        <section className="panel-section" aria-labelledby={`${id}-cortical`}>
          <h3 id={`${id}-cortical`}>{t("board.sections.cortical")}</h3>
          <div className="field-row">
            <NumberField
              label={t("board.fields.axialCortical")}
              unit="mm"
              value={lesion.cortical?.axialCorticalInvolvement_mm}
              min={0}
              max={600}
              readOnly={ro}
              testId="cortical.axial"
              onChange={(v) => item("cortical", "axialCorticalInvolvement_mm", v)}
            />
            <NumberField
              label={t("board.fields.circumferentialCortical")}
              unit="%"
              value={lesion.cortical?.circumferentialCorticalInvolvement_pct}
              min={0}
              max={100}
              readOnly={ro}
              testId="cortical.circumferential"
              onChange={(v) => item("cortical", "circumferentialCorticalInvolvement_pct", v)}
            />
          </div>
          <p className="muted small field-help">{t("board.fields.corticalHelp")}</p>
          <ScoreCard
            score="cortical"
            title={t("board.scores.cortical")}
            result={scores.cortical}
            missing={
              scores.cortical
                ? []
                : [t("board.fields.axialCortical"), t("board.fields.circumferentialCortical")]
            }
          />
        </section>
      ) : null}

      {site.longBone || site.spinalLevel ? (
        <section className="panel-section" aria-labelledby={`${id}-fe`}>
          <h3 id={`${id}-fe`}>{t("board.sections.fe")}</h3>
          {lesion.feResult ? (
            // Computed by the server and attached to the lesion (decision 086): not a typed field.
            <FeResultCard result={lesion.feResult} />
          ) : (
            <div className="field-row">
              <NumberField
                label={t("board.fields.failureLoad")}
                unit="N"
                value={lesion.fe?.failureLoad_N}
                min={1}
                max={100_000}
                readOnly={ro}
                testId="fe.failureLoad_N"
                onChange={(v) => item("fe", "failureLoad_N", v)}
              />
            </div>
          )}
          {rule("fracture.feFailureLoad") ? (
            <FeRule summary={summary} />
          ) : (
            <p className="muted small">{t("board.fields.feHelp")}</p>
          )}
        </section>
      ) : null}
    </>
  );
}

function FeResultCard({ result }: { result: FeLesionResult }) {
  const { t, i18n } = useTranslation();
  const n = (v: number, digits = 0) =>
    v.toLocaleString(i18n.language, { maximumFractionDigits: digits });
  const facts = useFeFacts();
  const [x, y, z] = result.weakestRegion.position_mm;
  const patientId = useBoardPatientId();
  const comparatorAxes = facts.comparatorAxes(result.comparator, result.comparatorTilt_deg);
  return (
    <div className="score-card" data-score="fe-result" data-testid="fe-result">
      <p data-fact="failure-load">
        <strong>{t("board.feResult.failureLoad")}</strong>{" "}
        {t("board.feResult.failureLoadValue", {
          n: n(result.failureLoad_N),
          bw: n(result.failureLoad_BW, 1),
          // The weight the multiple uses, recorded with the job; the FE rule below uses the same
          // multiple (decision 132).
          weight: facts.weight(result.bodyWeight_kg, result.bodyWeightEnteredAt),
        })}
      </p>
      <p className="small" data-fact="axes">
        {facts.axes(result.tilt_deg)}
        {comparatorAxes ? <> {comparatorAxes}</> : null}
      </p>
      <p>
        <strong>{t("board.feResult.strengthLoss")}</strong>{" "}
        {t("board.feResult.strengthLossValue", {
          pct: n(result.strengthLoss_pct, 1),
          comparator: t(`board.feResult.comparators.${result.comparator}`),
        })}
      </p>
      <p className="muted small">
        {t(result.withinHealthyBand ? "board.feResult.withinBand" : "board.feResult.beyondBand", {
          low: result.healthyBand_pct[0],
          high: result.healthyBand_pct[1],
        })}
      </p>
      <p className="muted small">
        {t("board.feResult.weakest", {
          mode: t(`board.feResult.modes.${result.weakestRegion.mode}`),
          x: n(x),
          y: n(y),
          z: n(z),
        })}
      </p>
      <p className="muted small">
        <span className="badge">{t("board.feResult.researchUse")}</span>{" "}
        {patientId === null ? (
          t("board.feResult.job", { id: result.jobId })
        ) : (
          // The job's row on the patient page: its parameters, its data (FeAnalysisSection).
          <a href={`/patients/${patientId}#fe-job-${result.jobId}`}>
            {t("board.feResult.job", { id: result.jobId })}
          </a>
        )}
      </p>
    </div>
  );
}

function FeRule({ summary }: { summary: LesionRiskSummary | null }) {
  const { t } = useTranslation();
  const label = useLabel();
  const r = summary?.fracture.rules.find((x) => x.ruleId === "fracture.feFailureLoad");
  if (!r) return null;
  return (
    <div className="score-card" data-score="fe">
      <p className="rationale">{label(r.rationale)}</p>
      <p className="source">{t("board.score.source", { source: r.source })}</p>
    </div>
  );
}
