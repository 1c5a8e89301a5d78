// Meeting mode (issue 11 §4): the room screen and remote participants. The current case's live
// board large, the agenda with the time spent on each case and the total, previous/next. The
// current case and the timers live in the meeting's Yjs document (decision 112): when the chair
// moves, everyone who follows is taken to the same case by a client-side navigation (no reload).
// Keyboard: ← / → previous and next case, D opens the decision draft.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useNavigate, useNavigation, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { requireRcp, requireUser } from "../auth.server";
import type { BoardUser } from "../board/useBoard";
import { useMeetingLive } from "../board/useMeetingLive";
import { boardPageData } from "../board.server";
import { BoardView } from "../components/board/BoardView";
import { BoardPatientContext } from "../components/board/boardPatient";
import { DecisionDraftFold } from "../components/board/DecisionDraftFold";
import { PatientStrip } from "../components/board/PatientStrip";
import { useDates } from "../components/useDates";
import { formatDate } from "../i18n/dates";
import { loadCase } from "../records.server";
import boardStyles from "../styles/board.css";
import { getMeeting } from "../usecases.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: boardStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  // The tab title in French dates (31/12/2026), as every visible date (french-pages test).
  { title: data ? `OsteoBoard — séance du ${formatDate(data.meeting.date, "fr")}` : "OsteoBoard" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = Number(params.meetingId);
  const view = Number.isSafeInteger(id) && id > 0 ? getMeeting(context, id) : undefined;
  if (!view) throw json({ error: "not_found" }, { status: 404 });
  requireRcp(user, view.meeting.rcpId);
  const agenda = view.agenda.filter((a) => a.outcome !== "postponed");
  const asked = Number(new URL(request.url).searchParams.get("case"));
  const shown =
    agenda.find((a) => a.caseId === asked) ??
    agenda.find((a) => a.outcome === "pending") ??
    agenda[0];
  return json({
    meeting: view.meeting,
    quorum: {
      met: view.quorum.met,
      specialties: view.quorum.specialtiesPresent.length,
      // Structured, worded on the page as the meeting page does: the kernel's own label names
      // the specialties by their codes (orthopaedic_surgery), not in French.
      gaps: view.quorum.gaps,
    },
    agenda: agenda.map((a) => ({
      caseId: a.caseId,
      patientName: a.patientName,
      question: a.question,
      outcome: a.outcome,
      late: a.late,
    })),
    board: shown
      ? boardPageData(context, user, loadCase(context, String(shown.caseId)), view.meeting.date)
      : null,
  });
}

/** "12:05" (minutes:seconds), or "1:02:05" past an hour. */
function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** Keys typed into a field or the editor are text, never navigation. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === "INPUT" ||
    target.tagName === "TEXTAREA" ||
    target.tagName === "SELECT"
  );
}

export default function MeetingModePage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { date } = useDates();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const live = useMeetingLive(data.meeting.id);
  const shownId = data.board?.case.id ?? null;
  const ids = useMemo(() => data.agenda.map((a) => a.caseId), [data.agenda]);
  const index = shownId === null ? -1 : ids.indexOf(shownId);
  // The case a navigation under way is loading (null: none). Asking for it again would abort
  // that load and start over: the page re-renders every second (the timers), so under load a
  // follower never reached the chair's case (found by test/e2e/meeting.e2e.test.ts).
  const navigation = useNavigation();
  const loadingCase = navigation.location
    ? Number(new URLSearchParams(navigation.location.search).get("case"))
    : null;

  const show = useCallback(
    (caseId: number) => navigate(`?case=${caseId}`, { replace: true, preventScrollReset: true }),
    [navigate],
  );

  // Follow the chair: the meeting document says which case is on screen.
  const current = live.currentCaseId;
  useEffect(() => {
    if (
      live.following &&
      current !== null &&
      current !== shownId &&
      current !== loadingCase &&
      ids.includes(current)
    )
      show(current);
  }, [live.following, current, shownId, loadingCase, ids, show]);

  // The chair changed the attendance: read the quorum again.
  const rev = useRef(live.attendanceRev);
  useEffect(() => {
    if (rev.current !== live.attendanceRev) {
      rev.current = live.attendanceRev;
      revalidator.revalidate();
    }
  }, [live.attendanceRev, revalidator]);

  const go = useCallback(
    (caseId: number | undefined) => {
      if (caseId === undefined) return;
      if (live.canDrive) live.goTo(caseId);
      // A follower who moves on their own stops following: else the chair's case pulled the page
      // straight back (the agenda's own hint says to untick "Suivre le président" to browse).
      else if (live.following) live.setFollowing(false);
      show(caseId);
    },
    [live, show],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (e.key === "ArrowRight") go(ids[index + 1]);
      else if (e.key === "ArrowLeft") go(ids[index - 1]);
      else if (e.key === "d" || e.key === "D") {
        // The fold is named by data-fold (Fold.tsx), not by an id.
        const draft = document.querySelector('[data-fold="decision-draft"]');
        if (draft instanceof HTMLDetailsElement) draft.open = true;
        if (draft instanceof HTMLElement) draft.scrollIntoView({ block: "start" });
        draft?.querySelector<HTMLElement>("select, input, button, [contenteditable]")?.focus();
      } else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go, ids, index]);

  const b = data.board;
  const user = useMemo<BoardUser | null>(
    () =>
      b
        ? { id: b.user.id, name: b.user.name, specialty: b.user.specialty, role: b.user.role }
        : null,
    [b],
  );

  return (
    <div className="meeting-mode">
      <header className="meeting-mode-bar">
        <h1>
          {t("meetingMode.title", { rcp: data.meeting.rcpName, date: date(data.meeting.date) })}
        </h1>
        <p
          className={data.quorum.met ? "badge ok" : "badge error quorum-missing"}
          role="status"
          aria-live="polite"
        >
          {data.quorum.met
            ? t("meetingMode.quorumMet", { count: data.quorum.specialties })
            : t("meetingMode.quorumNotMet")}
          {data.quorum.gaps.map((g) => (
            <span key={g.code === "requiredSpecialtyAbsent" ? g.anyOf.join() : g.code}>
              {" — "}
              {g.code === "tooFewSpecialties"
                ? t("meeting.quorumTooFew", { present: g.present, needed: g.needed })
                : t("meeting.quorumRequiredAbsent", {
                    specialties: g.anyOf
                      .map((x) => t(`admin.specialties.${x}`))
                      .join(t("meeting.or")),
                  })}
            </span>
          ))}
        </p>
        <span className="spacer" />
        <span className="muted" aria-live="polite">
          {t(`meetingMode.status.${live.status}`)}
        </span>
        <label className="meeting-follow">
          <input
            type="checkbox"
            checked={live.following}
            onChange={(e) => live.setFollowing(e.currentTarget.checked)}
          />{" "}
          {t("meetingMode.follow")}
        </label>
        <Link className="button secondary" to={`/meetings/${data.meeting.id}`}>
          {t("meetingMode.back")}
        </Link>
      </header>
      <div className="meeting-mode-grid">
        <nav className="meeting-agenda" aria-label={t("meetingMode.agenda")}>
          <p>
            {t("meetingMode.total")} <strong>{clock(live.totalMs)}</strong>
          </p>
          <ol>
            {data.agenda.map((a) => (
              <li key={a.caseId} aria-current={a.caseId === shownId ? "step" : undefined}>
                <button
                  type="button"
                  className={a.caseId === shownId ? "agenda-case current" : "agenda-case"}
                  onClick={() => go(a.caseId)}
                >
                  <span className="agenda-name">{a.patientName}</span>
                  <span className="muted">{a.question}</span>
                  <span className="agenda-time">
                    {clock(live.elapsedMs(a.caseId))}
                    {a.caseId === current ? ` · ${t("meetingMode.onScreen")}` : ""}
                    {a.outcome === "decided" ? ` · ${t("meetingMode.decided")}` : ""}
                  </span>
                </button>
              </li>
            ))}
          </ol>
          <div className="meeting-nav">
            <button
              type="button"
              className="secondary"
              disabled={index <= 0}
              onClick={() => go(ids[index - 1])}
            >
              ← {t("meetingMode.previous")}
            </button>
            <button
              type="button"
              disabled={index < 0 || index >= ids.length - 1}
              onClick={() => go(ids[index + 1])}
            >
              {t("meetingMode.next")} →
            </button>
          </div>
          <p className="muted small">{t("meetingMode.keys")}</p>
          {live.canDrive ? (
            <p className="muted small">{t("meetingMode.youDrive")}</p>
          ) : (
            <p className="muted small">{t("meetingMode.youFollow")}</p>
          )}
        </nav>
        <section className="meeting-board" aria-label={t("meetingMode.board")}>
          {b && user ? (
            <>
              <p className="toolbar">
                <Link to={`/cases/${b.case.id}/decision`}>{t("meetingMode.decisionPage")}</Link>
              </p>
              <BoardPatientContext.Provider value={b.strip.patientId}>
                <BoardView
                  key={b.case.id}
                  caseId={b.case.id}
                  title={t("board.title", { patient: b.patient.name })}
                  user={user}
                  canEdit={b.canEdit}
                  members={b.members}
                  context={b.riskContext}
                  skeletalEvents={b.skeletalEvents}
                  radiotherapies={b.radiotherapies}
                  patientStrip={<PatientStrip patient={b.strip} />}
                  below={(boardLive) => (
                    <DecisionDraftFold
                      live={boardLive}
                      caseId={b.case.id}
                      riskContext={b.riskContext}
                      check={b.decisionCheck}
                    />
                  )}
                />
              </BoardPatientContext.Provider>
            </>
          ) : (
            <p>{t("meetingMode.emptyAgenda")}</p>
          )}
        </section>
      </div>
    </div>
  );
}
