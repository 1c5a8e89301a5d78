// The board's past states (issue 5 §4): the stored snapshots of the patient's lesion map
// (decision 072), newest first, each viewable read-only, with who edited since the previous one,
// from which case, and what changed, lesion by lesion; then each lesion's timeline across the
// patient's cases. Seen from one case: its discussion, and its entries marked.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { requireRcp, requireUser } from "../auth.server";
import { BoardChanges, useSiteName } from "../components/board/BoardChanges";
import { RiskBadge } from "../components/board/RiskMark";
import { SkeletonMap } from "../components/board/SkeletonMap";
import { useLabel } from "../components/board/useLabel";
import { useDates } from "../components/useDates";
import {
  type BoardLesion,
  IMAGING_MODALITY_LABELS,
  LESION_RESPONSE_LABELS,
  OPTION_STATUS_LABELS,
} from "../domain/board/schema";
import type { RiskLevel } from "../domain/common";
import { patientDisplayName } from "../domain/records/patient";
import { lesionRiskSummary } from "../domain/risk";
import { LOCAL_TREATMENTS } from "../domain/treatments";
import { loadCase } from "../records.server";
import boardStyles from "../styles/board.css";
import { boardHistory, riskContextOfPatient } from "../usecases.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: boardStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { case: c, patient: p } = loadCase(context, params.caseId);
  requireRcp(user, p.rcpId);
  const raw = new URL(request.url).searchParams.get("s");
  const wanted = raw && /^\d{1,12}$/.test(raw) ? Number(raw) : null;
  const history = boardHistory(context, { patientId: p.id, caseId: c.id }, wanted);
  return json({
    case: { id: c.id },
    patient: { name: patientDisplayName(p) },
    riskContext: riskContextOfPatient(context, p),
    entries: history.entries,
    timelines: history.timelines,
    editingSinceLatest: history.editingSinceLatest,
    selected: history.selected,
    wanted,
  });
}

function byCreation(lesions: readonly BoardLesion[]): BoardLesion[] {
  return [...lesions].sort(
    (a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? "") || a.id.localeCompare(b.id),
  );
}

export default function BoardHistoryPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const label = useLabel();
  const selected = data.selected;
  const entry = data.entries.find((e) => e.snapshotId === selected?.snapshotId);
  const context = data.riskContext;
  const lesions = useMemo(() => byCreation(selected?.board.lesions ?? []), [selected]);
  const numbers = useMemo(() => new Map(lesions.map((l, i) => [l.id, i + 1])), [lesions]);
  const summaries = useMemo(() => {
    const m = new Map<string, ReturnType<typeof lesionRiskSummary> | null>();
    for (const l of lesions) {
      try {
        m.set(l.id, lesionRiskSummary(l, context));
      } catch {
        m.set(l.id, null);
      }
    }
    return m;
  }, [lesions, context]);
  const worst = useMemo(() => {
    const m = new Map<string, RiskLevel>();
    for (const [id, s] of summaries) m.set(id, s?.worst ?? "unknown");
    return m;
  }, [summaries]);
  const dates = useDates();
  const when = dates.dateTime;
  const day = dates.date;
  const caseLinks = (ids: readonly number[]) =>
    ids.map((id, i) => (
      <span key={id}>
        {i > 0 ? ", " : null}
        {id === data.case.id ? (
          <strong className="this-case">
            {t("case.title", { id })} ({t("history.thisCase")})
          </strong>
        ) : (
          <Link to={`/cases/${id}/history`}>{t("case.title", { id })}</Link>
        )}
      </span>
    ));
  const siteName = useSiteName();

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/cases/${data.case.id}/board`}>← {t("history.backToBoard")}</Link>
      </p>
      <h1>{t("history.title", { patient: data.patient.name })}</h1>
      <p className="muted">{t("history.intro")}</p>
      {data.editingSinceLatest.length > 0 ? (
        <p className="alert info">
          {t("history.editingSinceLatest", { names: data.editingSinceLatest.join(", ") })}
        </p>
      ) : null}
      {data.entries.length === 0 ? (
        <p className="panel">{t("history.empty")}</p>
      ) : (
        <div className="history-grid">
          <nav className="history-list" aria-label={t("history.listLabel")}>
            <ol>
              {data.entries.map((e) => (
                <li key={e.snapshotId}>
                  <Link
                    to={`?s=${e.snapshotId}`}
                    className={selected?.snapshotId === e.snapshotId ? "active" : undefined}
                    aria-current={selected?.snapshotId === e.snapshotId ? "true" : undefined}
                    data-snapshot={e.snapshotId}
                  >
                    <strong>{when(e.createdAt)}</strong>
                    <span className="muted small">
                      {e.editors.length > 0
                        ? t("history.by", { names: e.editors.join(", ") })
                        : t("history.noEditor")}
                    </span>
                    <span className="small">
                      {t("history.changeCount", { count: e.changes.length })}
                    </span>
                    {e.caseIds.length > 0 ? (
                      <span className="small" data-cases={e.caseIds.join(",")}>
                        {e.caseIds
                          .map((id) =>
                            id === data.case.id
                              ? `${t("case.title", { id })} (${t("history.thisCase")})`
                              : t("case.title", { id }),
                          )
                          .join(", ")}
                      </span>
                    ) : null}
                  </Link>
                </li>
              ))}
            </ol>
          </nav>
          {selected && entry ? (
            <section className="history-state" aria-label={t("history.stateLabel")}>
              <h2>{t("history.stateTitle", { date: when(entry.createdAt) })}</h2>
              <p className="alert info">{t("history.readOnly")}</p>
              <h3>{t("history.changes")}</h3>
              <BoardChanges
                changes={entry.changes}
                caseDiscussionChanged={entry.caseDiscussionChanged}
              />
              <p className="muted small">
                {entry.editors.length > 0
                  ? t("history.by", { names: entry.editors.join(", ") })
                  : t("history.noEditor")}
              </p>
              {entry.caseIds.length > 0 ? (
                <p className="small">
                  {t("history.fromCases")} {caseLinks(entry.caseIds)}
                </p>
              ) : null}
              <div className="history-body">
                <SkeletonMap
                  lesions={lesions}
                  worst={worst}
                  numbers={numbers}
                  openLesionId={null}
                  onOpen={(id) =>
                    document.getElementById(`hist-${id}`)?.scrollIntoView({ block: "center" })
                  }
                />
                <div className="table-wrap">
                  <table className="history-lesions">
                    <thead>
                      <tr>
                        <th>#</th>
                        <th>{t("history.site")}</th>
                        <th>{t("board.summary.fracture")}</th>
                        <th>{t("board.summary.neuro")}</th>
                        <th>{t("board.summary.pain")}</th>
                        <th>{t("history.scores")}</th>
                        <th>{t("board.sections.options")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {lesions.map((l) => {
                        const s = summaries.get(l.id);
                        const scores = [
                          s?.scores.mirels ? `Mirels ${s.scores.mirels.points}/12` : null,
                          s?.scores.sins ? `SINS ${s.scores.sins.points}/18` : null,
                          s?.scores.escc ? `ESCC ${s.scores.escc.grade}` : null,
                          s?.scores.pain ? `EN ${s.scores.pain.rating}/10` : null,
                        ].filter(Boolean);
                        return (
                          <tr key={l.id} id={`hist-${l.id}`}>
                            <td>{numbers.get(l.id)}</td>
                            <td>{siteName(l.siteId, l.side)}</td>
                            <td>
                              <RiskBadge level={s?.fracture.level ?? "unknown"} />
                            </td>
                            <td>
                              <RiskBadge level={s?.neurological.level ?? "unknown"} />
                            </td>
                            <td>
                              <RiskBadge level={s?.pain.level ?? "unknown"} />
                            </td>
                            <td>{scores.join(" · ") || "—"}</td>
                            <td>
                              {Object.values(l.options)
                                .map(
                                  (o) =>
                                    `${label(LOCAL_TREATMENTS[o.treatmentId].label)} (${label(OPTION_STATUS_LABELS[o.status])})`,
                                )
                                .join(" ; ") || "—"}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </div>
              {selected.board.discussion ? (
                <>
                  <h3>{t("board.overview.caseDiscussion")}</h3>
                  <p className="discussion-text">{selected.board.discussion}</p>
                </>
              ) : null}
            </section>
          ) : (
            <p className="panel">{t("history.notFound")}</p>
          )}
        </div>
      )}
      <section className="lesion-timelines" aria-labelledby="timelines-title">
        <h2 id="timelines-title">{t("history.timelineTitle")}</h2>
        <p className="muted">{t("history.timelineIntro")}</p>
        {data.timelines.length === 0 ? (
          <p className="panel">{t("history.timelineEmpty")}</p>
        ) : (
          <ol className="timeline-lesions">
            {data.timelines.map((lesion) => (
              <li key={lesion.lesionId} data-lesion={lesion.lesionId}>
                <h3>{siteName(lesion.siteId, lesion.side)}</h3>
                <h4>{t("history.assessments")}</h4>
                {lesion.assessments.length === 0 ? (
                  <p className="muted small">{t("history.noAssessment")}</p>
                ) : (
                  <ul className="timeline-assessments">
                    {lesion.assessments.map((a) => (
                      <li key={a.id}>
                        {day(a.imagingDate)} — {label(IMAGING_MODALITY_LABELS[a.modality])} :{" "}
                        {label(LESION_RESPONSE_LABELS[a.response])}
                      </li>
                    ))}
                  </ul>
                )}
                <h4>{t("history.timelineChanges")}</h4>
                <ul className="timeline-events">
                  {lesion.events.map((e) => (
                    <li key={`${e.snapshotId}-${e.kind}`}>
                      <Link to={`?s=${e.snapshotId}`}>{when(e.createdAt)}</Link> —{" "}
                      {e.kind === "added"
                        ? t("history.timelineAdded")
                        : t("history.timelineChanged", {
                            fields: e.fields
                              .map((f) => t(`history.fields.${f}`, { defaultValue: f }))
                              .join(", "),
                          })}
                      {e.caseIds.length > 0 ? <> — {caseLinks(e.caseIds)}</> : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
