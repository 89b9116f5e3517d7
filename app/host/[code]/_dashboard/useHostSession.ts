"use client";
// Attaches this browser to a session as its host and keeps the live views current. It re-attaches on every
// socket `connect`, so a dropped connection or a restarted server picks up where it left off.
import { useCallback, useEffect, useState } from "react";
import {
  PROTOCOL_VERSION,
  type ChartView,
  type HostCommand,
  type LeaderboardView,
  type RosterView,
  type SessionStateView,
} from "@downhill/core";
import { call, getSocket } from "../../../lib/socket.ts";
import { storage } from "../../../lib/storage.ts";

export type Connection = "connecting" | "attached" | "offline" | "no-token" | "failed";

export interface HostSession {
  readonly connection: Connection;
  readonly error: string | null;
  readonly state: SessionStateView | null;
  readonly leaderboard: LeaderboardView | null;
  readonly chart: ChartView | null;
  readonly roster: RosterView | null;
  /** Sends a host command; resolves with the error message, or null when it was accepted. */
  readonly command: (command: HostCommand) => Promise<string | null>;
}

export function useHostSession(code: string): HostSession {
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<string | null>(null);
  const [state, setState] = useState<SessionStateView | null>(null);
  const [leaderboard, setLeaderboard] = useState<LeaderboardView | null>(null);
  const [chart, setChart] = useState<ChartView | null>(null);
  const [roster, setRoster] = useState<RosterView | null>(null);
  const [hostToken, setHostToken] = useState<string | null>(null);

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
        setError(null);
        setConnection("attached");
      } else {
        setError(ack.error.message);
        setConnection("failed");
      }
    };
    const onDisconnect = () => setConnection("offline");
    const onConnect = () => void attach();
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("session:state", setState);
    socket.on("leaderboard:update", setLeaderboard);
    socket.on("chart:update", setChart);
    socket.on("roster:update", setRoster);
    if (socket.connected) void attach();
    return () => {
      live = false;
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("session:state", setState);
      socket.off("leaderboard:update", setLeaderboard);
      socket.off("chart:update", setChart);
      socket.off("roster:update", setRoster);
    };
  }, [code]);

  const command = useCallback(
    async (command: HostCommand): Promise<string | null> => {
      if (!hostToken) return "this browser has no host token for this session";
      const ack = await call("host:command", { code, hostToken, command });
      if (!ack.ok) return ack.error.message;
      setState(ack.state);
      return null;
    },
    [code, hostToken],
  );

  return { connection, error, state, leaderboard, chart, roster, command };
}
