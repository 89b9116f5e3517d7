// POST /api/sessions: the one way to create a session. Its body carries the challenge, with an uploaded CSV up to
// about 1.1 MB, so the dear part (reading, parsing and validating it) comes last, after everything that can refuse
// the request unread: the rate limit (429, with Retry-After), a malformed key (401), the content type (415) and the
// declared length (413). A body that streams past the limit is cut as soon as it does (413).
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  challengeError,
  challengeIssues,
  CREATE_SESSION_PATH,
  createSessionBody,
  type SessionCreated,
} from "@downhill/core";
import type { Clock } from "../clock.ts";
import { clientAddress } from "../clientAddress.ts";
import type { SessionGateway } from "../sessions/SessionGateway.ts";
import type { Config } from "../config.ts";
import { SessionError } from "../live/LiveSession.ts";
import type { Logger } from "../log.ts";
import { KeyedRateLimiter } from "../rateLimit.ts";
import type { Store } from "../store/Store.ts";
import { hashToken } from "../tokens.ts";
import { instructorKey } from "./instructorKey.ts";
import { BodyAborted, readJsonBody } from "./readJsonBody.ts";
import { HttpError, sendError, sendJson } from "./respond.ts";

/** An answer lists at most this many fields of a refused challenge. */
export const MAX_FIELD_ISSUES = 20;

export interface CreateSessionDeps {
  readonly gateway: Pick<SessionGateway, "create">;
  readonly store: Pick<Store, "hasInstructor">;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Pick<Config, "SESSION_CREATES_PER_ADDRESS_PER_MINUTE" | "CREATE_SESSION_MAX_BYTES" | "TRUST_PROXY">;
  readonly joinUrlFor: (code: string) => string;
  /** Records the address (the Origin header) the instructor's browser used, for the session's join link. */
  readonly rememberHostOrigin: (code: string, origin: string | undefined) => void;
}

/** Handles one request; resolves false when it is not for this handler. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/**
 * Every request spends one creation of its sender, whatever its answer, before its body is read: so concurrent
 * requests cannot all slip through, and a refused 1 MB body costs nothing but the refusal. The sender is its
 * address, unless it carries an instructor key the server knows: then it is that key, which has an allowance of
 * the same size of its own. So no flood from the instructor's network (a classroom behind one router) can refuse
 * an instructor's valid key; only the key's own use can.
 */
export function createSessionHandler(deps: CreateSessionDeps): RequestHandler {
  const { config, clock, logger } = deps;
  const byAddress = KeyedRateLimiter.perMinute(config.SESSION_CREATES_PER_ADDRESS_PER_MINUTE, clock);
  const byKey = KeyedRateLimiter.perMinute(config.SESSION_CREATES_PER_ADDRESS_PER_MINUTE, clock);

  /** Spends one creation of the sender, or throws 401 (a malformed key) or 429; resolves with the key, if any. */
  async function admit(request: IncomingMessage): Promise<string | undefined> {
    const key = instructorKey(request);
    if (key === null && request.headers.authorization !== undefined) {
      throw new HttpError(
        401,
        "unauthorized",
        "Authorization must be Bearer <instructor key>, 16 to 128 characters of A-Z, a-z, 0-9, _ and -",
        { headers: { connection: "close" } },
      );
    }
    const keyHash = key === null ? null : hashToken(key);
    const known = keyHash !== null && (await deps.store.hasInstructor(keyHash));
    const [limiter, sender, who] = known
      ? [byKey, keyHash, "with this instructor key"]
      : [
          byAddress,
          clientAddress(request.socket.remoteAddress, request.headers, config.TRUST_PROXY === "on"),
          "from this network",
        ];
    if (!limiter.take(sender)) {
      const seconds = Math.max(1, Math.ceil(limiter.msUntilToken(sender) / 1000));
      throw new HttpError(429, "rate_limited", `too many sessions created ${who}; try again in ${seconds} s`, {
        headers: { "retry-after": String(seconds), connection: "close" },
      });
    }
    return key ?? undefined;
  }

  async function create(request: IncomingMessage): Promise<SessionCreated> {
    const key = await admit(request);
    const body = await readJsonBody(request, config.CREATE_SESSION_MAX_BYTES);
    // Parsing, validating and building a 1 MB challenge take tens of milliseconds each: between them, the
    // acknowledgements that arrived meanwhile go first.
    await nextTurn();
    const parsed = createSessionBody.safeParse(body);
    if (!parsed.success) {
      // The same words, field by field, as the builder shows beside its inputs (core's challengeIssues).
      const fields =
        typeof body === "object" && body !== null && "challenge" in body ? challengeIssues(body.challenge) : [];
      if (fields.length === 0) throw new HttpError(400, "invalid_payload", "the body is { challenge: {…} }");
      const error = challengeError(fields);
      throw new HttpError(400, error.code, error.message, { fields: error.fields.slice(0, MAX_FIELD_ISSUES) });
    }
    await nextTurn();
    const created = await deps.gateway.create(parsed.data.challenge, key);
    deps.rememberHostOrigin(created.code, request.headers.origin);
    return { ...created, joinUrl: deps.joinUrlFor(created.code) };
  }

  return async (request, response) => {
    const { pathname } = new URL(request.url ?? "/", "http://localhost");
    if (pathname !== CREATE_SESSION_PATH || request.method !== "POST") return false;
    try {
      const created = await create(request);
      sendJson(response, 201, created, { location: `${CREATE_SESSION_PATH}/${created.sessionId}` });
    } catch (error) {
      // Nobody is left to answer.
      if (error instanceof BodyAborted) return true;
      if (error instanceof HttpError) {
        sendError(response, error);
      } else if (error instanceof SessionError) {
        sendError(response, new HttpError(statusOf(error), error.code, error.message));
      } else {
        logger.error("creating a session failed", { error });
        sendError(response, new HttpError(500, "internal", "something went wrong on the server; try again"));
      }
    }
    return true;
  };
}

/** Resolves after the I/O that is waiting (other sockets' events) has been handled. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function statusOf(error: SessionError): number {
  if (error.code === "invalid_challenge") return 400;
  if (error.code === "unavailable") return 503;
  return 500;
}
