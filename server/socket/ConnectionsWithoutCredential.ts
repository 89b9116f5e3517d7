// What one address may hold without a credential. A connection proves itself with a valid credential (a correct join
// code, a valid student token, a valid host token) in `student:join`, `host:attach` or `host:command`; until then it
// counts against its address, and it must do so within CREDENTIAL_DEADLINE_MS. A connection that has proved itself
// is never counted, never closed for its deadline and never refused: a classroom of 300 behind one router shares an
// address. See docs/protocol.md §11.
import type { IncomingMessage } from "node:http";
import type { Clock } from "../clock.ts";
import { clientAddress } from "../clientAddress.ts";
import type { Logger } from "../log.ts";

/**
 * How long a connection may stay open without proving a credential, unless a request that may carry one is in
 * hand (a join held past its address's pace, say): then it is closed after that request's answer, if that was no
 * proof either. A page connects and joins at once, or once the student has typed a name.
 */
export const CREDENTIAL_DEADLINE_MS = 30_000;

/** Why a handshake was refused, in the body of its 403 (a Socket.IO client retries by itself). */
export const TOO_MANY_WITHOUT_CREDENTIAL =
  "too many connections from this network have not joined yet; this one is retried in a moment";

/** An Engine.IO connection (a Socket.IO socket's `conn`), as far as it is used here. */
export interface EngineConnection {
  readonly request: IncomingMessage;
  close(): void;
  once(event: "close", listener: () => void): unknown;
}

interface Waiting {
  readonly address: string;
  readonly close: () => void;
  readonly deadline: unknown;
  /** Requests that may carry a credential, taken in and not yet answered. */
  inHand: number;
  overdue: boolean;
}

export class ConnectionsWithoutCredential {
  private readonly waiting = new Map<object, Waiting>();
  private readonly perAddress = new Map<string, number>();

  constructor(
    /** At most this many connections per address without a credential; a handshake past it is refused. */
    private readonly limit: number,
    private readonly trustProxy: boolean,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Engine.IO's `allowRequest` (called for handshakes only): refuses one while its address is at the limit. */
  readonly allowRequest = (request: IncomingMessage, answer: (message: string | null, ok: boolean) => void): void => {
    const address = this.addressOf(request);
    if ((this.perAddress.get(address) ?? 0) < this.limit) {
      answer(null, true);
      return;
    }
    this.logger.warn("refusing a connection: its address has too many without a credential", { address });
    answer(TOO_MANY_WITHOUT_CREDENTIAL, false);
  };

  /** Counts a new connection against its address until it proves a credential or closes. */
  add(connection: EngineConnection): void {
    const address = this.addressOf(connection.request);
    const close = () => connection.close();
    const deadline = this.clock.setTimeout(() => this.expire(connection), CREDENTIAL_DEADLINE_MS);
    this.waiting.set(connection, { address, close, deadline, inHand: 0, overdue: false });
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    connection.once("close", () => this.forget(connection));
  }

  /** The connection proved a credential: it no longer counts, and has no deadline. */
  proved(connection: object): void {
    this.forget(connection);
  }

  /**
   * A request that may carry a credential is in hand: the connection is not closed for its deadline before the
   * returned function is called, once the request is answered (or dropped).
   */
  takeIn(connection: object): () => void {
    const waiting = this.waiting.get(connection);
    if (!waiting) return () => undefined;
    waiting.inHand++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      waiting.inHand--;
      if (waiting.inHand === 0 && waiting.overdue && this.waiting.get(connection) === waiting) {
        this.closeOverdue(connection, waiting);
      }
    };
  }

  private expire(connection: object): void {
    const waiting = this.waiting.get(connection);
    if (!waiting) return;
    if (waiting.inHand > 0) waiting.overdue = true;
    else this.closeOverdue(connection, waiting);
  }

  private closeOverdue(connection: object, waiting: Waiting): void {
    this.logger.debug("closing a connection that proved no credential in time", { address: waiting.address });
    this.forget(connection);
    // Closed as a network drop closes it: a page reconnects by itself, and the new connection has a new deadline.
    waiting.close();
  }

  private forget(connection: object): void {
    const waiting = this.waiting.get(connection);
    if (!waiting) return;
    this.waiting.delete(connection);
    this.clock.clearTimeout(waiting.deadline);
    const left = (this.perAddress.get(waiting.address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(waiting.address, left);
    else this.perAddress.delete(waiting.address);
  }

  private addressOf(request: IncomingMessage): string {
    return clientAddress(request.socket.remoteAddress, request.headers, this.trustProxy);
  }
}
