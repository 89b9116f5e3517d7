// Calls between cluster servers over Redis pub/sub: a request `{ id, from, call: { op, code, input } }` goes to the
// channel of the server that owns the session, and the answer comes back on the caller's own channel.
import type { ErrorCode } from "@downhill/core";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { GatewayCall, GatewayOp, GatewayOutput } from "../sessions/SessionGateway.ts";
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
export type RpcAnswer<T = unknown> =
  | { readonly kind: "value"; readonly value: T }
  | { readonly kind: "error"; readonly error: WireError }
  | { readonly kind: "moved" };

interface RequestMessage<O extends GatewayOp = GatewayOp> {
  readonly type: "request";
  readonly id: string;
  readonly from: string;
  readonly call: GatewayCall<O>;
}

interface ReplyMessage {
  readonly type: "reply";
  readonly id: string;
  readonly answer: RpcAnswer;
}

/** How a call ended without an answer: nobody was listening, or the request went out and no answer came in time. */
export type RpcOutcome<T = unknown> = RpcAnswer<T> | { readonly kind: "undelivered" } | { readonly kind: "timeout" };

export class Rpc {
  private readonly pending = new Map<string, (answer: RpcAnswer) => void>();

  constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly nodeId: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
    /** Runs a request addressed to this server. */
    private readonly serve: (call: GatewayCall) => Promise<RpcAnswer>,
  ) {}

  /** Listens on this server's channel; the subscription comes back by itself after Redis reconnects. */
  async start(): Promise<void> {
    await this.subscriber.subscribe(rpcChannel(this.nodeId), (message) => this.onMessage(message));
  }

  /**
   * Asks `target` to run `call`. "undelivered" when no server listens on its channel (it is gone): nothing ran.
   * "timeout" when no answer came within `timeoutMs`: the operation may or may not have run.
   */
  async call<O extends GatewayOp>(
    target: string,
    call: GatewayCall<O>,
    timeoutMs: number,
  ): Promise<RpcOutcome<GatewayOutput<O>>> {
    const id = crypto.randomUUID();
    // The owner runs the same code: the value it answers is the output of the operation asked for.
    const answered = new Promise<RpcAnswer<GatewayOutput<O>>>((resolve) =>
      this.pending.set(id, (answer) => resolve(answer as RpcAnswer<GatewayOutput<O>>)),
    );
    const message: RequestMessage<O> = { type: "request", id, from: this.nodeId, call };
    let timer: unknown;
    try {
      const receivers = await withTimeout(
        this.clock,
        this.publisher.publish(rpcChannel(target), JSON.stringify(message)),
      );
      if (receivers === 0) return { kind: "undelivered" };
      const timedOut = new Promise<RpcOutcome<never>>((resolve) => {
        timer = this.clock.setTimeout(() => resolve({ kind: "timeout" }), timeoutMs);
      });
      return await Promise.race([answered, timedOut]);
    } catch {
      // Redis did not take the request: nothing was delivered.
      return { kind: "undelivered" };
    } finally {
      this.clock.clearTimeout(timer);
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
    void this.serve(message.call).then((answer) => {
      const reply: ReplyMessage = { type: "reply", id: message.id, answer };
      withTimeout(this.clock, this.publisher.publish(rpcChannel(message.from), JSON.stringify(reply))).catch(
        (error: unknown) =>
          this.logger.warn("could not answer a cluster call", {
            op: message.call.op,
            to: message.from,
            error: String(error),
          }),
      );
    });
  }
}
