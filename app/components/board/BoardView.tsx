// The live case board: map, lesion panel, presence, follow-the-presenter, undo/redo of one's own
// edits, connection state. Data flows one way: Y.Doc → readBoard (zod-validated JSON) → the clinical
// engine (scores, risk) → React; every edit is one Yjs transaction carrying this page's origin.
import { Link } from "@remix-run/react";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { newId } from "../../board/ids";
import { currentPresenter } from "../../board/presence";
import { type BoardUser, useBoard } from "../../board/useBoard";
import { boardOrder } from "../../domain/board/order";
import { type LesionRadiotherapy, radiotherapyDatesOf } from "../../domain/board/readings";
import {
  type BoardLesion,
  boardAssessments,
  DISCUSSION_MAX_CHARS,
  dissociatedResponse,
} from "../../domain/board/schema";
import { addLesion, caseDiscussion } from "../../domain/board/ydoc";
import type { RiskLevel } from "../../domain/common";
import { type LesionRiskSummary, lesionRiskSummary, type RiskContext } from "../../domain/risk";
import { findSite, type Side, siteLabel } from "../../domain/skeleton";
import { useDates } from "../useDates";
import { AddLesionDialog, type NewLesion } from "./AddLesionDialog";
import { CollabEditor } from "./CollabEditor";
import { ConnectionBadge } from "./ConnectionBadge";
import { Legend } from "./Legend";
import { LesionPanel, type LesionSkeletalEvent } from "./LesionPanel";
import { PresenceList } from "./PresenceList";
import { RiskBadge } from "./RiskMark";
import { type MapPeer, SkeletonMap } from "./SkeletonMap";
import { useLabel } from "./useLabel";

export interface BoardViewProps {
  caseId: number;
  title: string;
  user: BoardUser;
  canEdit: boolean;
  members: readonly { id: number; displayName: string }[];
  context: RiskContext;
  /** The patient's skeletal events, from SQLite (issue 12 §3): each lesion's panel lists its own. */
  skeletalEvents?: readonly LesionSkeletalEvent[];
  /** Radiotherapies given to each lesion (SQLite), for its pain response (decision 130). */
  radiotherapies?: readonly LesionRadiotherapy[];
  /** The patient beside the map (issue 10 §5), shown under the title bar. */
  patientStrip?: ReactNode;
  /** Rendered under the board with the live document: the case's decision draft (issue 11 §5). */
  below?: (live: BoardLive) => ReactNode;
}

/** What a section under the board needs of the live board. */
export interface BoardLive {
  doc: Y.Doc | null;
  awareness: Awareness | null;
  origin: object;
  /** In board order (numbers as on the map). */
  lesions: readonly BoardLesion[];
  numbers: ReadonlyMap<string, number>;
  readOnly: boolean;
  synced: boolean;
}

function summarise(lesion: BoardLesion, context: RiskContext): LesionRiskSummary | null {
  try {
    return lesionRiskSummary(lesion, context);
  } catch {
    return null;
  }
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
  );
}

export function BoardView({
  caseId,
  title,
  user,
  canEdit,
  members,
  context,
  skeletalEvents = [],
  radiotherapies = [],
  patientStrip,
  below,
}: BoardViewProps) {
  const { t } = useTranslation();
  const { date: showDate } = useDates();
  const label = useLabel();
  const board = useBoard(caseId, user);
  const readOnly = !canEdit;
  const [openLesionId, setOpenLesionId] = useState<string | null>(null);
  const [adding, setAdding] = useState<{ siteId: string; side: Side } | "blank" | null>(null);
  const [following, setFollowing] = useState(true);
  const [presentingSince, setPresentingSince] = useState<number | null>(null);

  const lesions = useMemo(() => boardOrder(board.board.lesions), [board.board.lesions]);
  const numbers = useMemo(() => new Map(lesions.map((l, i) => [l.id, i + 1])), [lesions]);
  const summaries = useMemo(
    () => new Map(lesions.map((l) => [l.id, summarise(l, context)])),
    [lesions, context],
  );
  const worst = useMemo(() => {
    const m = new Map<string, RiskLevel>();
    for (const [id, s] of summaries) m.set(id, s?.worst ?? "unknown");
    return m;
  }, [summaries]);
  const dissociation = useMemo(
    () => dissociatedResponse(boardAssessments(board.board.lesions)),
    [board.board.lesions],
  );
  const names = useMemo(() => new Map(members.map((m) => [m.id, m.displayName])), [members]);
  const userName = useCallback(
    (id: number) => names.get(id) ?? t("board.presence.unknownUser", { id }),
    [names, t],
  );
  const lesionName = useCallback(
    (id: string) => {
      const lesion = lesions.find((l) => l.id === id);
      const site = lesion ? findSite(lesion.siteId) : undefined;
      if (!lesion || !site) return null;
      return `${numbers.get(id) ?? "?"}. ${label(siteLabel(site, lesion.side))}`;
    },
    [lesions, numbers, label],
  );

  const presenter = currentPresenter(board.peers);
  const presenterIsOther = presenter !== null && !presenter.self;
  const { setPresence } = board;

  // Followers see the lesion the presenter opens.
  useEffect(() => {
    if (following && presenter && !presenter.self) setOpenLesionId(presenter.openLesionId);
  }, [following, presenter]);

  useEffect(() => {
    setPresence({ openLesionId, following, presentingSince });
  }, [setPresence, openLesionId, following, presentingSince]);

  const open = useCallback(
    (lesionId: string | null) => {
      // Opening another lesion by hand while following means: I look elsewhere now.
      if (presenterIsOther && following && presenter?.openLesionId !== lesionId) {
        setFollowing(false);
      }
      setOpenLesionId(lesionId);
    },
    [presenterIsOther, following, presenter],
  );

  const { undo, redo } = board;
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key === "Escape" && !document.querySelector("dialog[open]")) {
        if (!isTyping(e.target)) open(null);
        return;
      }
      if (readOnly || isTyping(e.target) || !(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === "z" && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if (key === "y" || (key === "z" && e.shiftKey)) {
        e.preventDefault();
        redo();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo, readOnly, open]);

  const viewers = useMemo(() => {
    const m = new Map<string, MapPeer[]>();
    for (const p of board.peers) {
      if (p.self || !p.openLesionId) continue;
      const list = m.get(p.openLesionId) ?? [];
      list.push({ clientId: p.clientId, name: p.user.name, color: p.user.color });
      m.set(p.openLesionId, list);
    }
    return m;
  }, [board.peers]);

  function add(lesion: NewLesion) {
    setAdding(null);
    if (!board.doc) return;
    const id = newId("les");
    addLesion(
      board.doc,
      {
        id,
        siteId: lesion.siteId,
        side: lesion.side,
        lesionType: lesion.lesionType,
        createdBy: user.id,
        createdAt: new Date().toISOString(),
      },
      board.origin,
    );
    // Adding a lesion is one undo step of its own, never merged with the first score typed in.
    board.checkpoint();
    open(id);
  }

  const openLesion = openLesionId ? lesions.find((l) => l.id === openLesionId) : undefined;
  const latestDissociation = dissociation.dates[dissociation.dates.length - 1];
  // Observers read it live too (read-only editor): getting a root type writes nothing.
  const caseText = useMemo(
    () => (board.doc ? caseDiscussion(board.doc, caseId) : null),
    [board.doc, caseId],
  );

  return (
    <div className="board-page" data-ready={board.ready ? "true" : "false"}>
      <div className="board-bar">
        <h1>{title}</h1>
        <ConnectionBadge connection={board.connection} onReconnect={board.reconnect} />
        <span className="spacer" />
        {readOnly ? null : (
          <section className="undo-redo" aria-label={t("board.undo.group")}>
            <button
              type="button"
              className="secondary"
              onClick={undo}
              disabled={!board.canUndo}
              title={t("board.undo.undoHint")}
            >
              ↶ {t("board.undo.undo")}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={redo}
              disabled={!board.canRedo}
              title={t("board.undo.redoHint")}
            >
              ↷ {t("board.undo.redo")}
            </button>
          </section>
        )}
        <section className="follow" aria-label={t("board.follow.group")}>
          {presenter?.self ? (
            <>
              <span className="tag presenting">{t("board.follow.youPresent")}</span>
              <button type="button" className="secondary" onClick={() => setPresentingSince(null)}>
                {t("board.follow.stopPresenting")}
              </button>
            </>
          ) : (
            <>
              {presenterIsOther ? (
                <span className="follow-state" data-following={following ? "true" : "false"}>
                  {following
                    ? t("board.follow.following", { name: presenter.user.name })
                    : t("board.follow.presents", { name: presenter.user.name })}
                </span>
              ) : null}
              {presenterIsOther ? (
                following ? (
                  <button type="button" className="secondary" onClick={() => setFollowing(false)}>
                    {t("board.follow.stop")}
                  </button>
                ) : (
                  <button type="button" className="secondary" onClick={() => setFollowing(true)}>
                    {t("board.follow.follow", { name: presenter.user.name })}
                  </button>
                )
              ) : null}
              {readOnly ? null : (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    setFollowing(false);
                    setPresentingSince(Date.now());
                  }}
                >
                  {t("board.follow.present")}
                </button>
              )}
            </>
          )}
        </section>
        <Link to={`/cases/${caseId}/history`} className="button secondary">
          {t("board.historyLink")}
        </Link>
      </div>
      {patientStrip}

      {readOnly ? (
        <p className="alert info" role="note" data-readonly="true">
          {t("board.readOnly")}
        </p>
      ) : null}
      {board.connection.denied ? (
        <p className="alert error" role="alert">
          {t("board.denied")}
        </p>
      ) : null}
      {latestDissociation ? (
        <div className="alert dissociated" role="note" data-dissociated="true">
          <strong>{t("board.dissociated.title")}</strong>{" "}
          {t("board.dissociated.text", {
            date: showDate(latestDissociation.imagingDate),
            responding: latestDissociation.respondingLesionIds
              .map((id) => lesionName(id) ?? id)
              .join(", "),
            progressing: latestDissociation.progressingLesionIds
              .map((id) => lesionName(id) ?? id)
              .join(", "),
          })}
        </div>
      ) : null}

      <div className="board-grid">
        <section className="board-map" aria-label={t("board.map.title")}>
          {board.ready ? null : <p className="loading">{t("board.loading")}</p>}
          <SkeletonMap
            lesions={lesions}
            worst={worst}
            numbers={numbers}
            openLesionId={openLesionId}
            onOpen={(id) => open(id)}
            onSiteClick={readOnly ? undefined : (siteId, side) => setAdding({ siteId, side })}
            viewers={viewers}
          />
          <p className="muted small map-help">
            {readOnly ? t("board.map.helpReadOnly") : t("board.map.help")}
          </p>
        </section>

        <section className="board-main" aria-live="polite">
          {openLesion ? (
            <LesionPanel
              key={openLesion.id}
              doc={board.doc}
              awareness={board.awareness}
              origin={board.origin}
              lesion={openLesion}
              number={numbers.get(openLesion.id) ?? 0}
              summary={summaries.get(openLesion.id) ?? null}
              context={context}
              skeletalEvents={skeletalEvents.filter((e) => e.lesionId === openLesion.id)}
              radiotherapyDates={radiotherapyDatesOf(openLesion.id, radiotherapies)}
              readOnly={readOnly}
              userId={user.id}
              userName={userName}
              onClose={() => open(null)}
            />
          ) : (
            <div className="overview">
              <h2>{t("board.overview.title")}</h2>
              {lesions.length === 0 ? (
                <p className="muted">
                  {board.ready ? t("board.overview.empty") : t("board.loading")}
                </p>
              ) : (
                <p className="muted">{t("board.overview.help")}</p>
              )}
              <h3>{t("board.overview.caseDiscussion")}</h3>
              {caseText ? (
                <CollabEditor
                  text={caseText}
                  awareness={board.awareness}
                  label={t("board.overview.caseDiscussionLabel")}
                  maxLength={DISCUSSION_MAX_CHARS * 5}
                  readOnly={readOnly}
                  testId="case-discussion"
                />
              ) : (
                <p className="discussion-text">
                  {board.board.discussion || t("board.panel.noDiscussion")}
                </p>
              )}
              {board.board.invalid.length > 0 ? (
                <p className="alert error">
                  {t("board.overview.invalid", { count: board.board.invalid.length })}
                </p>
              ) : null}
            </div>
          )}
        </section>

        <aside className="board-side">
          <section className="lesion-list" aria-labelledby="lesion-list-title">
            <div className="lesion-list-head">
              <h2 id="lesion-list-title">
                {t("board.list.title")} <span className="count">({lesions.length})</span>
              </h2>
              {readOnly ? null : (
                <button type="button" className="small" onClick={() => setAdding("blank")}>
                  + {t("board.list.add")}
                </button>
              )}
            </div>
            <ol>
              {lesions.map((l) => {
                const site = findSite(l.siteId);
                return (
                  <li key={l.id}>
                    <button
                      type="button"
                      className={`lesion-item${l.id === openLesionId ? " active" : ""}`}
                      aria-pressed={l.id === openLesionId}
                      data-lesion-item={l.id}
                      onClick={() => open(l.id)}
                    >
                      <span className="lesion-number">{numbers.get(l.id)}</span>
                      <span className="lesion-site">
                        {site ? label(siteLabel(site, l.side)) : l.siteId}
                      </span>
                      <RiskBadge level={worst.get(l.id) ?? "unknown"} />
                    </button>
                  </li>
                );
              })}
            </ol>
          </section>
          <PresenceList
            peers={board.peers}
            lesionName={lesionName}
            presenterClientId={presenter?.clientId ?? null}
          />
          <Legend />
        </aside>
      </div>

      {below?.({
        doc: board.doc,
        awareness: board.awareness,
        origin: board.origin,
        lesions,
        numbers,
        readOnly,
        synced: board.connection.synced,
      })}

      {adding ? (
        <AddLesionDialog
          initial={adding === "blank" ? null : adding}
          onAdd={add}
          onClose={() => setAdding(null)}
        />
      ) : null}
    </div>
  );
}
