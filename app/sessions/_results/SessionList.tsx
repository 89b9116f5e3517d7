"use client";
// This browser's instructor's past sessions, newest first, read with the key kept in localStorage, and the way to
// carry that key to another device.
import Link from "next/link";
import { useEffect, useState } from "react";
import { instructorKeyInFragment } from "@downhill/core";
import { storage } from "../../lib/storage.ts";
import { StatusMessage } from "../../components/ui/StatusMessage.tsx";
import { getJson, type Fetched, type SessionSummary } from "./api.ts";
import { KeyTransfer } from "./KeyTransfer.tsx";

type Load =
  | { readonly kind: "loading" }
  | { readonly kind: "no-key" }
  | ({ readonly kind: "done" } & Fetched<{ sessions: SessionSummary[] }>);

export function SessionList() {
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [currentKey, setCurrentKey] = useState<string | null>(null);
  /** A key from a link opened on this device: offered in the form, never adopted without a click (a link someone
   * else sent must not silently make this browser create sessions under their key). */
  const [offeredKey, setOfferedKey] = useState<string | null>(null);
  const [keyVersion, setKeyVersion] = useState(0);

  useEffect(() => {
    const linked = instructorKeyInFragment(window.location.hash);
    if (linked === null) return;
    // Out of the address bar at once, so that it is neither bookmarked nor shared by accident.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    setOfferedKey(linked);
  }, []);

  useEffect(() => {
    const key = storage.instructorKey();
    setCurrentKey(key);
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
  }, [keyVersion]);

  const transfer = (
    <KeyTransfer
      key={offeredKey ?? "none"}
      currentKey={currentKey}
      offeredKey={offeredKey === currentKey ? null : offeredKey}
      onAdopted={() => {
        setOfferedKey(null);
        setKeyVersion((version) => version + 1);
      }}
    />
  );
  return (
    <>
      <SessionCards load={load} />
      {load.kind === "loading" ? null : transfer}
    </>
  );
}

function SessionCards({ load }: { load: Load }) {
  if (load.kind === "loading") return <StatusMessage>Loading your sessions…</StatusMessage>;
  if (load.kind === "no-key") {
    return (
      <StatusMessage testId="sessions-no-key">
        This browser has no instructor key yet, so it has no sessions to list. Sessions are tied to the browser that
        created them: <Link href="/host">create a session</Link>, or use the key of the browser you created them in
        (below).
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
            {session.status !== "ended" ? <LiveLink code={session.code} /> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** Host commands need the session's host token, which only the browser that created the session keeps. */
function LiveLink({ code }: { code: string }) {
  return storage.hostToken(code) ? (
    <Link href={`/host/${code}`}>Open live dashboard</Link>
  ) : (
    <span>live dashboard: on the device that created it</span>
  );
}
