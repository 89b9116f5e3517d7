// One abusive client: 1,000 events a second on one socket, until the server disconnects it or the window ends.
import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import type { FloodKind } from "./args.ts";
import type { CrowdFloodKind } from "./crowdFlooder.ts";
import { wallNow } from "./wallClock.ts";

const EVENTS_PER_SECOND = 1_000;
const TICK_MS = 10;

export interface FloodResult {
  readonly kind: FloodKind;
  readonly sent: number;
  /** Acknowledgements by outcome: "ok" or the error code. */
  readonly acks: Readonly<Record<string, number>>;
  /** From the first event to the server's disconnect; null when it was never disconnected. */
  readonly disconnectedAfterMs: number | null;
  readonly disconnectReason: string | null;
  /** Many-connection floods: connections opened, and how many the server cut. */
  readonly connections?: number;
  readonly serverDisconnects?: number;
}

/** The payload each flood kind repeats: a well-formed progress batch, or garbage. */
function floodEvent(kind: Exclude<FloodKind, CrowdFloodKind>): [string, unknown] {
  switch (kind) {
    case "progress":
      return ["run:progress", { runId: randomUUID(), seq: 0, fromEpoch: 0, losses: [1] }];
    case "garbage":
      return ["run:progress", { runId: "garbage", seq: -1, losses: "not a list" }];
  }
}

export class Flooder {
  private readonly socket: Socket;
  private timer: NodeJS.Timeout | null = null;
  private sent = 0;
  private startedAt = 0;
  private readonly acks: Record<string, number> = {};
  private disconnectedAt: number | null = null;
  private disconnectReason: string | null = null;

  constructor(
    url: string,
    private readonly kind: Exclude<FloodKind, CrowdFloodKind>,
  ) {
    this.socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
    this.socket.on("disconnect", (reason) => {
      this.disconnectedAt ??= wallNow();
      this.disconnectReason ??= reason;
      this.stop();
    });
  }

  /** Connects (within 10 s) and starts flooding. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the flooder could not connect")), 10_000);
      this.socket.once("connect", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.startedAt = wallNow();
    const perTick = (EVENTS_PER_SECOND * TICK_MS) / 1000;
    this.timer = setInterval(() => {
      if (!this.socket.connected) return;
      for (let i = 0; i < perTick; i++) {
        const [event, payload] = floodEvent(this.kind);
        this.sent++;
        this.socket.emit(event, payload, (reply: { ok: boolean; error?: { code: string } }) => {
          const outcome = reply.ok ? "ok" : (reply.error?.code ?? "error");
          this.acks[outcome] = (this.acks[outcome] ?? 0) + 1;
        });
      }
    }, TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops, and reports before closing the socket (whose own disconnect must not count as the server's). */
  close(): FloodResult {
    this.stop();
    const result: FloodResult = {
      kind: this.kind,
      sent: this.sent,
      acks: { ...this.acks },
      disconnectedAfterMs: this.disconnectedAt === null ? null : this.disconnectedAt - this.startedAt,
      disconnectReason: this.disconnectReason,
    };
    this.socket.close();
    return result;
  }
}
