// useMeetingLive(meetingId): the meeting's live document in the browser (issue 11 §4, meeting
// mode; decision 112, docs/collab.md "The meeting room"). API, for the meeting-mode page:
//
//   const live = useMeetingLive(meetingId);
//   live.status          "connecting" | "connected" (synced with the server) | "offline"
//   live.currentCaseId   the case the chair has on screen (number | null), whatever `following` is
//   live.elapsedMs(id)   time spent on a case so far, the running one included (ticks every second)
//   live.totalMs         the meeting's total so far
//   live.canDrive        the server lets this account move the meeting (its chair, coordinators,
//                        admins); false for everyone else and until synced
//   live.goTo(caseId)    puts a case on screen for everyone who follows (null: none); ignored
//                        when !canDrive (the server would drop it anyway)
//   live.following       true by default: the page shows `currentCaseId`; false: the page keeps
//   live.setFollowing(b) its own selection (the hook never changes the page's selection itself)
//   live.attendanceRev   bumped by the chair's page after an attendance change: revalidate the
//   live.bumpAttendanceRev()   quorum when it changes
//
// Followers need no reload: the stock y-websocket client syncs the document and its updates.
import { useCallback, useEffect, useRef, useState } from "react";
import * as authProtocol from "y-protocols/auth";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { meetingRoomName } from "../domain/board/room";
import {
  elapsedFor,
  INITIAL_MEETING_LIVE,
  type MeetingDoc,
  totalElapsed,
} from "../domain/meeting/live";
import { bumpAttendanceRev, goToCase, meetingMap, readMeeting } from "./meetingLive";
import { collabServerUrl } from "./useBoard";

export type MeetingLiveStatus = "connecting" | "connected" | "offline";

export interface MeetingLiveHandle {
  status: MeetingLiveStatus;
  currentCaseId: number | null;
  elapsedMs: (caseId: number) => number;
  totalMs: number;
  canDrive: boolean;
  goTo: (caseId: number | null) => void;
  following: boolean;
  setFollowing: (following: boolean) => void;
  attendanceRev: number;
  bumpAttendanceRev: () => void;
}

/** The timers tick once per second (the agenda shows minutes and seconds). */
const TICK_MS = 1000;

const EMPTY: MeetingDoc = { live: INITIAL_MEETING_LIVE, attendanceRev: 0 };

export function useMeetingLive(meetingId: number): MeetingLiveHandle {
  const [live, setLive] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [state, setState] = useState<MeetingDoc>(EMPTY);
  const [status, setStatus] = useState<MeetingLiveStatus>("connecting");
  const [synced, setSynced] = useState(false);
  const [denied, setDenied] = useState(false);
  const [following, setFollowingState] = useState(true);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const followingRef = useRef(true);

  useEffect(() => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(
      collabServerUrl(window.location),
      meetingRoomName(meetingId),
      doc,
      // No BroadcastChannel: every move goes through the server, which checks who may drive.
      { disableBc: true, maxBackoffTime: 5000 },
    );
    // The server tells a read-only account as it joins, before the first sync (meeting-room.ts).
    provider.messageHandlers[2] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, doc, () => setDenied(true));
    };
    provider.awareness.setLocalState({ following: followingRef.current });
    const map = meetingMap(doc);
    const onChange = () => setState(readMeeting(doc));
    map.observe(onChange);
    provider.on("status", ({ status: s }) => {
      if (s === "connecting") setDenied(false);
      if (s !== "connected") setSynced(false);
      setStatus(s === "connecting" ? "connecting" : s === "connected" ? "connected" : "offline");
    });
    provider.on("sync", (isSynced: boolean) => setSynced(isSynced));
    provider.on("closed", () => setStatus("offline"));
    setLive({ doc, provider });
    return () => {
      map.unobserve(onChange);
      provider.destroy();
      doc.destroy();
      setLive(null);
      setState(EMPTY);
    };
  }, [meetingId]);

  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const canDrive = live !== null && synced && !denied;

  const goTo = useCallback(
    (caseId: number | null) => {
      if (!live || !canDrive) return;
      goToCase(live.doc, caseId, Date.now());
      setNowMs(Date.now());
    },
    [live, canDrive],
  );

  const bump = useCallback(() => {
    if (live && canDrive) bumpAttendanceRev(live.doc);
  }, [live, canDrive]);

  const setFollowing = useCallback(
    (value: boolean) => {
      followingRef.current = value;
      setFollowingState(value);
      // Others see who follows (presence); the server relays it, never stores it.
      live?.provider.awareness.setLocalStateField("following", value);
    },
    [live],
  );

  const elapsedMs = useCallback(
    (caseId: number) => elapsedFor(state.live, caseId, nowMs),
    [state, nowMs],
  );

  return {
    status: status === "connected" && !synced ? "connecting" : status,
    currentCaseId: state.live.currentCaseId,
    elapsedMs,
    totalMs: totalElapsed(state.live, nowMs),
    canDrive,
    goTo,
    following,
    setFollowing,
    attendanceRev: state.attendanceRev,
    bumpAttendanceRev: bump,
  };
}
