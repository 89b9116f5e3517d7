"use client";
// Time left in the round. The server sends its own clock (serverNow) with every state, so the offset to this
// browser's clock is measured on arrival and a skewed laptop clock still counts down to the server's endsAt.
import { useEffect, useState } from "react";
import type { SessionStateView } from "@downhill/core";
import { formatDuration } from "./format.ts";

const TICK_MS = 250;

export function Countdown({ state, className }: { state: SessionStateView | null; className?: string }) {
  const [offset, setOffset] = useState(0);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const arrived = Date.now();
    if (state) setOffset(state.serverNow - arrived);
    setNow(arrived);
  }, [state]);

  const running = state?.status === "running" && state.endsAt !== null;
  useEffect(() => {
    if (!running) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), TICK_MS);
    return () => window.clearInterval(timer);
  }, [running]);

  if (!state) return null;
  const left =
    state.status === "running" && state.endsAt !== null
      ? Math.max(0, state.endsAt - (now + offset))
      : state.remainingMs;
  const label =
    state.status === "ended"
      ? "Ended"
      : state.status === "paused"
        ? "Paused"
        : state.status === "lobby"
          ? "Not started"
          : "Time left";
  const urgent = state.status === "running" && left <= 30_000;

  return (
    <div
      className={`countdown countdown--${state.status}${urgent ? " countdown--urgent" : ""} ${className ?? ""}`}
      data-testid="countdown"
      role="timer"
      aria-label={`${label}: ${formatDuration(left)}`}
    >
      <span className="countdown__label">{label}</span>
      <span className="countdown__time">{formatDuration(state.status === "ended" ? 0 : left)}</span>
    </div>
  );
}
