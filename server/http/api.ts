// The HTTP API for past sessions (creating one is createSession.ts). Results are read from the store, so any node
// can serve them, live or ended.
// An instructor sees their own sessions with the key their browser keeps (Authorization: Bearer <key>), and may
// delete an ended one; anyone holding a session's share token (?share=...) sees that one session, read-only.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { StoredRowError, type Store } from "../store/Store.ts";
import { UNREADABLE_MESSAGE } from "../store/storedShapes.ts";
import { hashToken, tokenMatches } from "../tokens.ts";
import type { SessionResults } from "@downhill/core";
import { instructorKey } from "./instructorKey.ts";
import { HttpError, send, sendError, sendJson } from "./respond.ts";
import { loadResults, resultsToCsv, curvesToCsv } from "./results.ts";

export interface ApiDeps {
  readonly store: Store;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Drops a deleted session from this process's memory, so nothing writes to it again. */
  readonly forget: (sessionId: string) => void;
}

const SESSION_PATH = /^\/api\/sessions\/([0-9a-f-]{36})(?:\/(export\.json|export\.csv|curves\.csv))?$/;

/** Handles /api/* requests; resolves false for any other path. */
export async function handleApi(request: IncomingMessage, response: ServerResponse, deps: ApiDeps): Promise<boolean> {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (!url.pathname.startsWith("/api/")) return false;
  try {
    const sessionPath = SESSION_PATH.exec(url.pathname);
    const deletion = request.method === "DELETE" && sessionPath !== null && sessionPath[2] === undefined;
    if (request.method !== "GET" && request.method !== "HEAD" && !deletion) {
      throw new HttpError(405, "method_not_allowed", "use GET, POST on /api/sessions, or DELETE on /api/sessions/:id");
    }
    if (url.pathname === "/api/health") {
      sendJson(response, 200, { ok: true });
      return true;
    }
    if (url.pathname === "/api/sessions") {
      const key = instructorKey(request);
      if (!key) throw new HttpError(401, "unauthorized", "send your instructor key as Authorization: Bearer <key>");
      sendJson(response, 200, { sessions: await deps.store.listSessionsByInstructor(hashToken(key)) });
      return true;
    }
    const match = SESSION_PATH.exec(url.pathname);
    if (!match) throw new HttpError(404, "not_found", `no API at ${url.pathname}`);
    if (deletion) {
      await deleteSession(match[1]!, request, deps);
      sendJson(response, 200, { deleted: true });
      return true;
    }
    const results = await authorizedResults(match[1]!, request, url, deps);
    const format = match[2];
    const { code, round, rounds } = results.session;
    // A session of several rounds exports each round on its own, named after it.
    const filename = rounds > 1 ? `downhill-${code}-round${round}` : `downhill-${code}`;
    if (format === "export.csv") {
      send(response, 200, resultsToCsv(results), {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}-runs.csv"`,
      });
    } else if (format === "curves.csv") {
      send(response, 200, curvesToCsv(results), {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}-curves.csv"`,
      });
    } else if (format === "export.json") {
      sendJson(response, 200, results, { "content-disposition": `attachment; filename="${filename}.json"` });
    } else {
      sendJson(response, 200, results);
    }
  } catch (error) {
    if (error instanceof HttpError) {
      sendError(response, error);
    } else if (error instanceof StoredRowError) {
      deps.logger.error("a stored session cannot be read", { path: url.pathname, error: error.message });
      sendJson(response, 500, { error: { code: "internal", message: UNREADABLE_MESSAGE } });
    } else {
      deps.logger.error("API request failed", { path: url.pathname, error });
      sendJson(response, 500, { error: { code: "internal", message: "something went wrong on the server" } });
    }
  }
  return true;
}

/**
 * Deletes an ended session and everything of its students, for its instructor only. A session not yet ended is
 * refused: its students may still be playing, and the host ends it first with one click.
 */
async function deleteSession(sessionId: string, request: IncomingMessage, deps: ApiDeps): Promise<void> {
  const session = await deps.store.getSession(sessionId);
  const key = instructorKey(request);
  if (!session || key === null || !tokenMatches(key, session.instructorKeyHash)) {
    throw new HttpError(404, "not_found", "no session with this id is visible with these credentials");
  }
  if (session.status !== "ended") {
    throw new HttpError(409, "invalid_state", "this session has not ended: end it before deleting it");
  }
  await deps.store.deleteSession(sessionId);
  deps.forget(sessionId);
  deps.logger.info("session deleted", { sessionId });
}

/** The results of one session, for its instructor or for a holder of its share token, or an HttpError. */
async function authorizedResults(
  sessionId: string,
  request: IncomingMessage,
  url: URL,
  deps: ApiDeps,
): Promise<SessionResults> {
  const session = await deps.store.getSession(sessionId);
  const key = instructorKey(request);
  const share = url.searchParams.get("share");
  // Both compared in constant time, so response times tell nothing about how much of a guess was right.
  const isInstructor = session !== null && key !== null && tokenMatches(key, session.instructorKeyHash);
  const isShared = session !== null && share !== null && tokenMatches(share, hashToken(session.shareToken));
  // One answer for "no such session" and "not yours", so ids cannot be probed.
  if (!session || (!isInstructor && !isShared)) {
    throw new HttpError(404, "not_found", "no session with this id is visible with these credentials");
  }
  const round = url.searchParams.get("round");
  const viewer = isInstructor ? "instructor" : "shared";
  return loadResults(deps.store, session, round === null ? { viewer } : { viewer, round: Number(round) });
}
