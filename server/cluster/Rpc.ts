// Calls between cluster servers over Redis pub/sub: a request `{ id, from, op, args }` goes to the channel of the
// server that owns the session, and the answer comes back on the caller's own channel.
import type { ErrorCode } from "@downhill/core";
import type { Logger } from "../log.ts";
import { withTimeout, type RedisClient } from "./redis.ts";

export const rpcChannel = (nodeId: string) => `downhill:rpc:${nodeId}`;

/** A refusal as it travels: a SessionError's fields, and whether it counts as a failed join. */
export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly expectedSeq?: number;
  readonly joinFailure?: boolean;
}

/** What a server answers: a value, a refusal, or "I do not own this session" (ask again who does). */
export type RpcAnswer =
  | { readonly kind: "value"; readonly value: unknown }
  | { readonly kind: "error"; readonly error: WireError }
  | { readonly kind: "moved" };

interface RequestMessage {
  readonly type: "request";
  readonly id: string;
  readonly from: string;
  readonly op: string;
  readonly args: unknown[];
}

interface ReplyMessage {
  readonly type: "reply";
  readonly id: string;
  readonly answer: RpcAnswer;
}

/** How a call ended without an answer: nobody was listening, or the request went out and no answer came in time. */
export type RpcOutcome = RpcAnswer | { readonly kind: "undelivered" } | { readonly kind: "timeout" };

export class Rpc {
  private readonly pending = new Map<string, (answer: RpcAnswer) => void>();

  constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly nodeId: string,
    private readonly logger: Logger,
    /** Runs a request addressed to this server. */
    private readonly serve: (op: string, args: unknown[]) => Promise<RpcAnswer>,
  ) {}

  /** Listens on this server's channel; the subscription comes back by itself after Redis reconnects. */
  async start(): Promise<void> {
    await this.subscriber.subscribe(rpcChannel(this.nodeId), (message) => this.onMessage(message));
  }

  /**
   * Asks `target` to run `op`. "undelivered" when no server listens on its channel (it is gone): nothing ran.
   * "timeout" when no answer came within `timeoutMs`: the operation may or may not have run.
   */
  async call(target: string, op: string, args: unknown[], timeoutMs: number): Promise<RpcOutcome> {
    const id = crypto.randomUUID();
    const answered = new Promise<RpcAnswer>((resolve) => this.pending.set(id, resolve));
    const message: RequestMessage = { type: "request", id, from: this.nodeId, op, args };
    let timer: NodeJS.Timeout | undefined;
    try {
      const receivers = await withTimeout(this.publisher.publish(rpcChannel(target), JSON.stringify(message)));
      if (receivers === 0) return { kind: "undelivered" };
      const timedOut = new Promise<RpcOutcome>((resolve) => {
        timer = setTimeout(() => resolve({ kind: "timeout" }), timeoutMs);
      });
      return await Promise.race([answered, timedOut]);
    } catch {
      // Redis did not take the request: nothing was delivered.
      return { kind: "undelivered" };
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
    }
  }

  private onMessage(raw: string): void {
    let message: RequestMessage | ReplyMessage;
    try {
      message = JSON.parse(raw) as RequestMessage | ReplyMessage;
    } catch {
      this.logger.warn("ignoring an unreadable cluster message", { nodeId: this.nodeId });
      return;
    }
    if (message.type === "reply") {
      this.pending.get(message.id)?.(message.answer);
      return;
    }
    void this.serve(message.op, message.args).then((answer) => {
      const reply: ReplyMessage = { type: "reply", id: message.id, answer };
      withTimeout(this.publisher.publish(rpcChannel(message.from), JSON.stringify(reply))).catch((error: unknown) =>
        this.logger.warn("could not answer a cluster call", { op: message.op, to: message.from, error: String(error) }),
      );
    });
  }
}
