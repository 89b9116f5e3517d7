"use client";
// Attaches this browser to a session as its host and keeps the live views current. It re-attaches on every
// socket `connect`, so a dropped connection or a restarted server picks up where it left off.
import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import {
  PROTOCOL_VERSION,
  type ChartView,
  type HostCommand,
  type JoinReach,
  type LeaderboardView,
  type ReferencesView,
  type RosterView,
  type ScatterPoint,
  type SessionStateUpdate,
  type SessionStateView,
} from "@downhill/core";
import { call, getSocket } from "../../../lib/socket.ts";
import { storage } from "../../../lib/storage.ts";
import { markUpdateArrived } from "./updateTiming.ts";

export type Connection = "connecting" | "attached" | "offline" | "no-token" | "failed";

export interface HostSession {
  readonly connection: Connection;
  readonly error: string | null;
  readonly state: SessionStateView | null;
  readonly leaderboard: LeaderboardView | null;
  readonly chart: ChartView | null;
  readonly roster: RosterView | null;
  /** Whether students can open the join link, from the attach acknowledgement. */
  readonly joinReach: JoinReach | null;
  /** PyTorch's defaults on the session's training rows, sent once per attach. */
  readonly references: ReferencesView | null;
  /** Sends a host command; resolves with the error message, or null when it was accepted. */
  readonly command: (command: HostCommand) => Promise<string | null>;
}

/** The shortest time between two renders of the roster. */
const ROSTER_RENDER_MS = 1_000;

/** True when both hold the same runs with the same outcome, in the same order. */
function sameScatter(a: readonly ScatterPoint[], b: readonly ScatterPoint[]): boolean {
  return a.length === b.length && a.every((p, i) => p.runId === b[i]!.runId && p.status === b[i]!.status);
}

export function useHostSession(code: string): HostSession {
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<string | null>(null);
  const [state, setState] = useState<SessionStateView | null>(null);
  const [leaderboard, setLeaderboard] = useState<LeaderboardView | null>(null);
  const [chart, setChart] = useState<ChartView | null>(null);
  const [roster, setRoster] = useState<RosterView | null>(null);
  const [references, setReferences] = useState<ReferencesView | null>(null);
  const [hostToken, setHostToken] = useState<string | null>(null);
  const [joinReach, setJoinReach] = useState<JoinReach | null>(null);
  /** Attaches again: after a new round, whose reference runs come with an attach. */
  const attachAgainRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const token = storage.hostToken(code);
    setHostToken(token);
    if (!token) {
      setConnection("no-token");
      return undefined;
    }
    const socket = getSocket();
    let live = true;
    const attach = async () => {
      setConnection("connecting");
      const ack = await call("host:attach", { code, hostToken: token, protocolVersion: PROTOCOL_VERSION });
      if (!live) return;
      if (ack.ok) {
        setState(ack.state);
        setJoinReach(ack.joinReach);
        setError(null);
        setConnection("attached");
      } else if (ack.error.code === "unavailable") {
        // The session is moving to another server of a cluster: try again in a moment.
        setTimeout(() => void attach(), 1_000);
      } else {
        setError(ack.error.message);
        setConnection("failed");
      }
    };
    attachAgainRef.current = () => void attach();
    const onDisconnect = () => setConnection("offline");
    // Broadcasts leave out the challenge, which the attach acknowledgement brought.
    const onState = (update: SessionStateUpdate) => setState((previous) => previous && { ...previous, ...update });
    // The views render as transitions: React renders them in interruptible slices of about 5 ms (only the commit
    // is not sliced), so a chart, a leaderboard and a roster arriving together do not add up to one long task.
    const onLeaderboard = (view: LeaderboardView) => {
      markUpdateArrived("leaderboard");
      startTransition(() => setLeaderboard(view));
    };
    const onChart = (view: ChartView) => {
      markUpdateArrived("chart");
      // Keep the scatter's identity while no run finished, so the scatter panel skips its render.
      startTransition(() =>
        setChart((previous) =>
          previous && sameScatter(previous.scatter, view.scatter) ? { ...view, scatter: previous.scatter } : view,
        ),
      );
    };
    // The roster is a table of every student, read by people: it is redrawn at most once a ROSTER_RENDER_MS.
    let pendingRoster: RosterView | null = null;
    let rosterTimer: number | null = null;
    let rosterShownAt = Number.NEGATIVE_INFINITY;
    const showRoster = () => {
      rosterTimer = null;
      rosterShownAt = performance.now();
      markUpdateArrived("roster");
      startTransition(() => setRoster(pendingRoster));
    };
    const onRoster = (view: RosterView) => {
      pendingRoster = view;
      rosterTimer ??= window.setTimeout(showRoster, rosterShownAt + ROSTER_RENDER_MS - performance.now());
    };
    const onReferences = (view: ReferencesView) => setReferences(view);
    const onConnect = () => void attach();
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("session:state", onState);
    socket.on("leaderboard:update", onLeaderboard);
    socket.on("chart:update", onChart);
    socket.on("roster:update", onRoster);
    socket.on("session:references", onReferences);
    if (socket.connected) void attach();
    return () => {
      live = false;
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("session:state", onState);
      socket.off("leaderboard:update", onLeaderboard);
      socket.off("chart:update", onChart);
      socket.off("roster:update", onRoster);
      socket.off("session:references", onReferences);
      if (rosterTimer !== null) window.clearTimeout(rosterTimer);
    };
  }, [code]);

  const command = useCallback(
    async (command: HostCommand): Promise<string | null> => {
      if (!hostToken) return "this browser has no host token for this session";
      const ack = await call("host:command", { code, hostToken, command });
      if (!ack.ok) return ack.error.message;
      setState(ack.state);
      if (command.type === "newRound") {
        // The reference runs were the last round's; an attach brings the new round's.
        setReferences(null);
        attachAgainRef.current();
      }
      return null;
    },
    [code, hostToken],
  );

  return { connection, error, state, leaderboard, chart, roster, joinReach, references, command };
}
