"use client";
// This browser's instructor's past sessions, newest first, read with the key kept in localStorage.
import Link from "next/link";
import { useEffect, useState } from "react";
import { storage } from "../../lib/storage.ts";
import { StatusMessage } from "../../components/ui/StatusMessage.tsx";
import { getJson, type Fetched, type SessionSummary } from "./api.ts";

type Load =
  | { readonly kind: "loading" }
  | { readonly kind: "no-key" }
  | ({ readonly kind: "done" } & Fetched<{ sessions: SessionSummary[] }>);

export function SessionList() {
  const [load, setLoad] = useState<Load>({ kind: "loading" });

  useEffect(() => {
    const key = storage.instructorKey();
    if (!key) {
      setLoad({ kind: "no-key" });
      return;
    }
    let live = true;
    void getJson<{ sessions: SessionSummary[] }>("/api/sessions", { key, share: null }).then((result) => {
      if (live) setLoad({ kind: "done", ...result });
    });
    return () => {
      live = false;
    };
  }, []);

  if (load.kind === "loading") return <StatusMessage>Loading your sessions…</StatusMessage>;
  if (load.kind === "no-key") {
    return (
      <StatusMessage testId="sessions-no-key">
        This browser has no instructor key yet, so it has no sessions to list. Sessions are tied to the browser that
        created them. <Link href="/host">Create a session</Link> to get started.
      </StatusMessage>
    );
  }
  if (!load.ok) return <StatusMessage tone="error">Could not load your sessions: {load.message}</StatusMessage>;
  const sessions = [...load.data.sessions].sort((a, b) => b.createdAt - a.createdAt);
  if (sessions.length === 0) {
    return (
      <StatusMessage testId="sessions-empty">
        No sessions yet. <Link href="/host">Create your first one</Link>.
      </StatusMessage>
    );
  }
  return (
    <ul className="session-list" data-testid="session-list">
      {sessions.map((session) => (
        <li key={session.id} className="session-card" data-testid="session-row">
          <h2 className="session-card__title">
            <Link href={`/sessions/${session.id}`}>{session.title}</Link>
          </h2>
          <p className="session-card__meta">
            <span className={`pill pill--session-${session.status}`}>{session.status}</span>
            <span>code {session.code}</span>
            <span>{new Date(session.createdAt).toLocaleString()}</span>
            <span>
              {session.students} students · {session.runs} runs
            </span>
            {session.status !== "ended" ? <Link href={`/host/${session.code}`}>Open live dashboard</Link> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
