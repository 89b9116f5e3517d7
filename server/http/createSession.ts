// POST /api/sessions: the one way to create a session. Its body carries the challenge, with an uploaded CSV up to
// about 1.1 MB, so the dear part (reading, parsing and validating it) comes last, after everything that can refuse
// the request unread: the rate limit (429, with Retry-After), a malformed key (401), the content type (415) and the
// declared length (413). A body that streams past the limit is cut as soon as it does (413). Parsing, validating
// and building it happen on a worker thread (live/prepareSession.ts); the event loop only stores the session.
import type { IncomingMessage, ServerResponse } from "node:http";
import { CREATE_SESSION_PATH, type SessionCreated } from "@downhill/core";
import type { Clock } from "../clock.ts";
import { clientAddress } from "../clientAddress.ts";
import type { SessionGateway } from "../sessions/SessionGateway.ts";
import type { Config } from "../config.ts";
import { SessionError } from "../live/LiveSession.ts";
import type { SessionPreparer } from "../live/ReplayPool.ts";
import type { Logger } from "../log.ts";
import { KeyedRateLimiter } from "../rateLimit.ts";
import { Tarpit } from "./Tarpit.ts";
import type { Store } from "../store/Store.ts";
import { hashToken } from "../tokens.ts";
import { instructorKey } from "./instructorKey.ts";
import { BodyAborted, checkJsonHeaders, readBody } from "./readBody.ts";
import { HttpError, sendError, sendJson } from "./respond.ts";

export interface CreateSessionDeps {
  readonly gateway: Pick<SessionGateway, "create">;
  /** Parses, checks and builds a body's session on a worker thread. */
  readonly prepare: SessionPreparer;
  readonly store: Pick<Store, "hasInstructor">;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Pick<
    Config,
    | "SESSION_CREATES_PER_ADDRESS_PER_MINUTE"
    | "SESSION_CREATES_PER_ADDRESS_BURST"
    | "SESSION_CREATE_REFUSAL_DELAY_MS"
    | "CREATE_SESSION_MAX_BYTES"
    | "TRUST_PROXY"
  >;
  readonly joinUrlFor: (code: string) => string;
  /** Records the address (the Origin header) the instructor's browser used, for the session's join link. */
  readonly rememberHostOrigin: (code: string, origin: string | undefined) => void;
}

/** Handles one request; resolves false when it is not for this handler. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/** Requests one sender may have in flight at once; more are refused at once, unread. */
export const MAX_CREATES_IN_FLIGHT = 32;

/** Who a request counts against: its instructor key when the server knows it, otherwise its address. */
interface Sender {
  readonly id: string;
  readonly key: string | undefined;
  readonly limiter: KeyedRateLimiter;
  readonly who: string;
}

/**
 * Every request whose headers are acceptable spends one creation of its sender, whatever its answer, before its
 * body is read: so concurrent requests cannot all slip through, and a refused 1 MB body costs nothing but the
 * refusal. A request its headers already refuse (a declared length over the limit, another content type) spends
 * none: it cost nothing, and an instructor whose file was too large can send a smaller one at once. The sender is its
 * address, unless it carries an instructor key the server knows: then it is that key, which has an allowance of
 * its own. So no flood from the instructor's network (a classroom behind one router) can refuse an instructor's
 * valid key; only the key's own use can. An address gets `SESSION_CREATES_PER_ADDRESS_BURST` at once (an
 * instructor's page sends the key it was given from its second session on). A refusal is held before it is
 * answered (the Tarpit), and its connection closed, so a flood of requests costs the server a few a second.
 */
export function createSessionHandler(deps: CreateSessionDeps): RequestHandler {
  const { config, clock, logger } = deps;
  const byAddress = new KeyedRateLimiter(
    config.SESSION_CREATES_PER_ADDRESS_PER_MINUTE / 60,
    config.SESSION_CREATES_PER_ADDRESS_BURST,
    clock,
  );
  const byKey = KeyedRateLimiter.perMinute(config.SESSION_CREATES_PER_ADDRESS_PER_MINUTE, clock);
  const tarpit = new Tarpit(clock, config.SESSION_CREATE_REFUSAL_DELAY_MS);
  const inFlight = new Map<string, number>();

  /** The request's sender, or throws 401 for a malformed key. */
  async function senderOf(request: IncomingMessage): Promise<Sender> {
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
    if (keyHash !== null && (await deps.store.hasInstructor(keyHash))) {
      return { id: `key ${keyHash}`, key: key ?? undefined, limiter: byKey, who: "with this instructor key" };
    }
    const address = clientAddress(request.socket.remoteAddress, request.headers, config.TRUST_PROXY === "on");
    return { id: `address ${address}`, key: key ?? undefined, limiter: byAddress, who: "from this network" };
  }

  /** Spends one creation of the sender, or throws 429 once the refusal has been held. */
  async function admit(sender: Sender): Promise<void> {
    if (sender.limiter.take(sender.id)) {
      tarpit.forgive(sender.id);
      return;
    }
    await tarpit.hold(sender.id);
    const seconds = Math.max(1, Math.ceil(sender.limiter.msUntilToken(sender.id) / 1000));
    throw new HttpError(429, "rate_limited", `too many sessions created ${sender.who}; try again in ${seconds} s`, {
      headers: { "retry-after": String(seconds), connection: "close" },
    });
  }

  /** Runs `create` for the sender, refusing at once (429, unread) past MAX_CREATES_IN_FLIGHT of its requests. */
  async function createCounted(request: IncomingMessage): Promise<SessionCreated> {
    const sender = await senderOf(request);
    const count = inFlight.get(sender.id) ?? 0;
    if (count >= MAX_CREATES_IN_FLIGHT) {
      throw new HttpError(429, "rate_limited", `too many sessions being created ${sender.who} at once`, {
        headers: { "retry-after": "10", connection: "close" },
      });
    }
    inFlight.set(sender.id, count + 1);
    try {
      return await create(request, sender);
    } finally {
      const left = (inFlight.get(sender.id) ?? 1) - 1;
      if (left === 0) inFlight.delete(sender.id);
      else inFlight.set(sender.id, left);
    }
  }

  async function create(request: IncomingMessage, sender: Sender): Promise<SessionCreated> {
    checkJsonHeaders(request, config.CREATE_SESSION_MAX_BYTES);
    await admit(sender);
    const body = await readBody(request, config.CREATE_SESSION_MAX_BYTES);
    const prepared = await deps.prepare(body, sender.id);
    if (prepared.type === "refused") {
      const { code, message, fields } = prepared.error;
      throw new HttpError(400, code, message, fields === undefined ? {} : { fields });
    }
    const created = await deps.gateway.create(prepared.session, sender.key);
    deps.rememberHostOrigin(created.code, request.headers.origin);
    return { ...created, joinUrl: deps.joinUrlFor(created.code) };
  }

  return async (request, response) => {
    const { pathname } = new URL(request.url ?? "/", "http://localhost");
    if (pathname !== CREATE_SESSION_PATH || request.method !== "POST") return false;
    try {
      const created = await createCounted(request);
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

function statusOf(error: SessionError): number {
  if (error.code === "invalid_challenge") return 400;
  if (error.code === "unavailable") return 503;
  return 500;
}
