"use client";
// The student's membership of a session: join (and join again on every socket `connect`, after a server restart
// or a dropped connection, with the stored token), and the live views the server pushes.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  JOIN_CODE_LENGTH,
  joinCodeSchema,
  PROTOCOL_VERSION,
  type ChartView,
  type ErrorCode,
  type LeaderboardView,
  type ReferencesView,
  type SessionStateUpdate,
  type StudentJoined,
  type StudentRankView,
  type StudentStateView,
} from "@downhill/core";
import { call, getSocket } from "../lib/socket.ts";
import { storage } from "../lib/storage.ts";

export type JoinPhase =
  /** No nickname yet: show the form. */
  | "need-name"
  | "joining"
  | "joined"
  /** The server refused; `error` says why. */
  | "refused"
  | "kicked";

export interface StudentSession {
  readonly phase: JoinPhase;
  readonly error: { readonly code: ErrorCode | "timeout"; readonly message: string } | null;
  readonly connected: boolean;
  readonly me: { readonly studentId: string; readonly name: string } | null;
  /** Its challenge holds the training rows the server sent, never the dataset's recipe. */
  readonly state: StudentStateView | null;
  readonly attemptsLeft: number | null;
  readonly leaderboard: LeaderboardView | null;
  readonly rank: StudentRankView | null;
  readonly chart: ChartView | null;
  /** PyTorch's defaults on this session's training rows; they may arrive before or after the join's ack. */
  readonly references: ReferencesView | null;
  readonly kickedMessage: string | null;
}

export interface StudentSessionHandlers {
  /** Every successful join, first or again. */
  readonly onJoined: (joined: StudentJoined) => void;
  readonly onDisconnect: () => void;
  readonly onKicked: () => void;
}

/** Clear words for each reason a join can fail. */
const JOIN_MESSAGES: Partial<Record<ErrorCode, string>> = {
  name_taken: "Someone in this session already uses that nickname. Pick another one.",
  session_locked: "The instructor has locked this session: no new students can join right now.",
  not_found: "No session has this code. Check the code on the projector and type it again.",
  kicked: "The instructor removed you from this session, and this browser cannot join it again.",
  session_ended: "This session has ended.",
  protocol_mismatch: "This page is out of date: reload it to get the current version.",
  rate_limited: "Too many attempts from this network. Wait a minute, then try again.",
};

export function useStudentSession(code: string, initialName: string | null, handlers: StudentSessionHandlers) {
  const [session, setSession] = useState<StudentSession>({
    phase: "joining",
    error: null,
    connected: false,
    me: null,
    state: null,
    attemptsLeft: null,
    leaderboard: null,
    rank: null,
    chart: null,
    references: null,
    kickedMessage: null,
  });
  const nameRef = useRef<string | null>(initialName);
  const kickedRef = useRef(false);
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });
  // `join` asks again (after forgetting a stale token, or when the session moves to another server) through this
  // ref: a callback cannot name itself before it is declared.
  const joinAgainRef = useRef<() => void>(() => undefined);
  /** The round of the challenge this page holds; a state of another round means a new challenge to join for. */
  const roundRef = useRef<number | null>(null);

  const markKicked = useCallback(
    (message: string): void => {
      kickedRef.current = true;
      // The token is kept: every later join from this browser (a reload, the home page's form with another name)
      // sends it, and the server answers `kicked` again.
      storage.setRunCheckpoint(code, null);
      handlersRef.current.onKicked();
      setSession((s) => ({ ...s, phase: "kicked", kickedMessage: message }));
    },
    [code],
  );

  const join = useCallback(
    async (name?: string) => {
      if (kickedRef.current) return;
      if (name !== undefined) nameRef.current = name;
      if (!joinCodeSchema.safeParse(code).success) {
        // Not even the shape of a code (a typo in the address): nothing to ask the server.
        setSession((s) => ({
          ...s,
          phase: "refused",
          error: {
            code: "not_found",
            message: `${code} is not a join code: a code is ${JOIN_CODE_LENGTH} letters and digits. Type the one on the projector.`,
          },
        }));
        return;
      }
      const token = storage.studentToken(code);
      if (!token && !nameRef.current) {
        setSession((s) => ({ ...s, phase: "need-name" }));
        return;
      }
      setSession((s) => ({ ...s, phase: s.phase === "joined" ? "joined" : "joining", error: null }));
      const ack = await call("student:join", {
        code,
        // With a token the server restores the student and ignores the name.
        name: nameRef.current ?? "returning student",
        studentToken: token ?? undefined,
        protocolVersion: PROTOCOL_VERSION,
      });
      if (ack.ok) {
        storage.setStudentToken(code, ack.studentToken);
        roundRef.current = ack.state.round;
        setSession((s) => ({
          ...s,
          phase: "joined",
          error: null,
          connected: true,
          me: { studentId: ack.studentId, name: ack.name },
          state: ack.state,
          attemptsLeft: ack.attemptsLeft,
        }));
        handlersRef.current.onJoined(ack);
        return;
      }
      const { code: errorCode, message } = ack.error;
      if (errorCode === "forbidden" && token) {
        // A token from another session or a reset database: forget it and join as new.
        storage.setStudentToken(code, null);
        storage.setRunCheckpoint(code, null);
        if (nameRef.current) joinAgainRef.current();
        else setSession((s) => ({ ...s, phase: "need-name" }));
        return;
      }
      if (errorCode === "kicked") {
        markKicked(JOIN_MESSAGES.kicked!);
        return;
      }
      if (errorCode === "internal" && !getSocket().connected) {
        // No answer because the connection is down: the next `connect` joins again.
        return;
      }
      if (errorCode === "unavailable") {
        // The session is moving to another server of a cluster: try again in a moment.
        setTimeout(() => joinAgainRef.current(), 1_000);
        return;
      }
      if (errorCode === "name_taken") nameRef.current = null;
      setSession((s) => ({
        ...s,
        phase: errorCode === "name_taken" ? "need-name" : "refused",
        error: { code: errorCode, message: JOIN_MESSAGES[errorCode] ?? message },
      }));
    },
    [code, markKicked],
  );
  useEffect(() => {
    joinAgainRef.current = () => void join();
  }, [join]);

  useEffect(() => {
    const socket = getSocket();
    const onConnect = () => {
      setSession((s) => ({ ...s, connected: true }));
      void join();
    };
    const onDisconnect = () => {
      setSession((s) => ({ ...s, connected: false }));
      handlersRef.current.onDisconnect();
    };
    // Broadcasts leave out the challenge, which the join acknowledgement brought; another round brings another
    // challenge, which a join with the same token receives.
    const onState = (update: SessionStateUpdate) => {
      if (roundRef.current !== null && update.round !== roundRef.current) {
        roundRef.current = update.round;
        setSession((s) => ({ ...s, references: null }));
        joinAgainRef.current();
        return;
      }
      setSession((s) => (s.state ? { ...s, state: { ...s.state, ...update } } : s));
    };
    const onLeaderboard = (leaderboard: LeaderboardView) => setSession((s) => ({ ...s, leaderboard }));
    const onRank = (rank: StudentRankView) => setSession((s) => ({ ...s, rank }));
    const onChart = (chart: ChartView) => setSession((s) => ({ ...s, chart }));
    const onReferences = (references: ReferencesView) => setSession((s) => ({ ...s, references }));
    // The page says it in its own words, as it does for a refused join.
    const onKicked = () => markKicked(JOIN_MESSAGES.kicked!);

    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("session:state", onState);
    socket.on("leaderboard:update", onLeaderboard);
    socket.on("leaderboard:rank", onRank);
    socket.on("chart:update", onChart);
    socket.on("session:references", onReferences);
    socket.on("student:kicked", onKicked);
    if (socket.connected) onConnect();
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("session:state", onState);
      socket.off("leaderboard:update", onLeaderboard);
      socket.off("leaderboard:rank", onRank);
      socket.off("chart:update", onChart);
      socket.off("session:references", onReferences);
      socket.off("student:kicked", onKicked);
    };
  }, [join, markKicked]);

  const setAttemptsLeft = useCallback((attemptsLeft: number) => setSession((s) => ({ ...s, attemptsLeft })), []);

  return { session, join, setAttemptsLeft };
}
