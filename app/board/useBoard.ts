// The live board in the browser: one Y.Doc per case, kept in IndexedDB (offline edits survive a
// closed laptop) and synced with the collaboration server by the stock y-websocket client. Every
// browser-only object is created inside useEffect, so the server render never touches them.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import * as authProtocol from "y-protocols/auth";
import type { Awareness } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { boardRoomName } from "../domain/board/room";
import type { LenientBoard } from "../domain/board/schema";
import { caseDiscussion, lesionsMap, readBoard } from "../domain/board/ydoc";
import { offlineBoardName } from "./offline";
import { type Peer, type Presence, peersFrom } from "./presence";

export interface BoardUser {
  id: number;
  name: string;
  specialty: string | null;
  role: string;
}

export type ConnectionStatus = "connecting" | "connected" | "disconnected" | "closed";

export interface BoardConnection {
  status: ConnectionStatus;
  /** The server's state has been received at least once on the current connection. */
  synced: boolean;
  /** The browser copy (IndexedDB) has been loaded. */
  localLoaded: boolean;
  /** Set when the server closed for good (44xx: no session, no access, unknown case). */
  closeCode: number | null;
  /** The server refused one of our updates (observers): its reason. */
  denied: string | null;
}

export interface BoardHandle {
  doc: Y.Doc | null;
  board: LenientBoard;
  /** Something to show: the server state or the local copy has arrived. */
  ready: boolean;
  connection: BoardConnection;
  peers: Peer[];
  selfClientId: number | null;
  /** The provider's awareness: the text editors put their caret in it (y-codemirror.next). */
  awareness: Awareness | null;
  setPresence: (patch: Partial<Omit<Presence, "user">>) => void;
  /**
   * Origin of this browser's structured edits (lesions, scores): the only one the board's
   * Y.UndoManager tracks. Free text has its own undo per editor (CollabEditor, decision 071).
   */
  origin: object;
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
  /** Asks the provider to reconnect now (after a network change). */
  reconnect: () => void;
  /** Ends the current undo step: the next edit is undone on its own (after adding a lesion). */
  checkpoint: () => void;
}

const EMPTY_BOARD: LenientBoard = { lesions: [], invalid: [], discussion: "" };

/** Same-origin WebSocket URL of the collaboration server (path /collab, room case:<id>). */
export function collabServerUrl(location: Location): string {
  const protocol = location.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${location.host}/collab`;
}

interface Live {
  doc: Y.Doc;
  provider: WebsocketProvider;
  undo: Y.UndoManager;
}

export function useBoard(caseId: number, user: BoardUser): BoardHandle {
  // One origin object per page: edits made here carry it, so undo never touches other people's.
  const origin = useMemo(() => ({ board: "local" }), []);
  const [live, setLive] = useState<Live | null>(null);
  const [version, setVersion] = useState(0);
  const [connection, setConnection] = useState<BoardConnection>({
    status: "connecting",
    synced: false,
    localLoaded: false,
    closeCode: null,
    denied: null,
  });
  const [peers, setPeers] = useState<Peer[]>([]);
  const [stack, setStack] = useState({ canUndo: false, canRedo: false });
  const presenceRef = useRef<Omit<Presence, "user">>({
    openLesionId: null,
    presentingSince: null,
    following: true,
  });

  useEffect(() => {
    const doc = new Y.Doc();
    // Per user and case: two people sharing a computer never see each other's offline copy. The
    // document is the patient's lesion map; this case writes its own discussion (decision 072).
    const local = new IndexeddbPersistence(offlineBoardName(user.id, caseId), doc);
    const provider = new WebsocketProvider(
      collabServerUrl(window.location),
      boardRoomName(caseId),
      doc,
      // No BroadcastChannel: every edit goes through the server, which checks who may write.
      { disableBc: true, maxBackoffTime: 5000 },
    );
    provider.messageHandlers[2] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, doc, (_y: unknown, reason: string) =>
        setConnection((c) => ({ ...c, denied: reason })),
      );
    };
    // Text typed in an editor carries y-codemirror.next's origin, not this one: the editor's own
    // undo manager covers it (decision 071), so the board's covers the structured fields.
    const undo = new Y.UndoManager([lesionsMap(doc), caseDiscussion(doc, caseId)], {
      trackedOrigins: new Set([origin]),
      captureTimeout: 600,
    });
    const bump = () => setVersion((v) => v + 1);
    const onStack = () => setStack({ canUndo: undo.canUndo(), canRedo: undo.canRedo() });
    doc.on("update", bump);
    undo.on("stack-item-added", onStack);
    undo.on("stack-item-popped", onStack);
    undo.on("stack-cleared", onStack);
    local.whenSynced.then(() => {
      setConnection((c) => ({ ...c, localLoaded: true }));
      bump();
    });
    provider.on("status", ({ status }) =>
      setConnection((c) => ({
        ...c,
        status: c.status === "closed" ? "closed" : status,
        synced: status === "connected" ? c.synced : false,
      })),
    );
    provider.on("sync", (synced) => setConnection((c) => ({ ...c, synced })));
    provider.on("closed", ({ code }) =>
      setConnection((c) => ({ ...c, status: "closed", synced: false, closeCode: code })),
    );
    const awareness = provider.awareness;
    // Our own entry as we show it; others see the `user` the server writes from our account.
    awareness.setLocalState({ user, ...presenceRef.current });
    const onAwareness = () => setPeers(peersFrom(awareness.getStates(), doc.clientID));
    awareness.on("change", onAwareness);
    onAwareness();
    setLive({ doc, provider, undo });
    return () => {
      awareness.off("change", onAwareness);
      undo.destroy();
      provider.destroy();
      local.destroy();
      doc.destroy();
      setLive(null);
    };
  }, [caseId, user, origin]);

  const board = useMemo(() => {
    void version;
    return live ? readBoard(live.doc, caseId) : EMPTY_BOARD;
  }, [live, version, caseId]);

  const setPresence = useCallback(
    (patch: Partial<Omit<Presence, "user">>) => {
      presenceRef.current = { ...presenceRef.current, ...patch };
      if (!live) return;
      const awareness = live.provider.awareness;
      const current = awareness.getLocalState() ?? {};
      awareness.setLocalState({ ...current, ...patch });
    },
    [live],
  );

  const undo = useCallback(() => {
    live?.undo.undo();
  }, [live]);
  const redo = useCallback(() => {
    live?.undo.redo();
  }, [live]);
  const checkpoint = useCallback(() => {
    live?.undo.stopCapturing();
  }, [live]);
  const reconnect = useCallback(() => {
    if (!live || connection.status === "closed") return;
    live.provider.disconnect();
    live.provider.connect();
  }, [live, connection.status]);

  return {
    doc: live?.doc ?? null,
    board,
    ready: connection.synced || connection.localLoaded,
    connection,
    peers,
    selfClientId: live?.doc.clientID ?? null,
    awareness: live?.provider.awareness ?? null,
    setPresence,
    origin,
    undo,
    redo,
    canUndo: stack.canUndo,
    canRedo: stack.canRedo,
    reconnect,
    checkpoint,
  };
}
