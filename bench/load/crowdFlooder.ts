// Floods from many connections of one address, each staying within its own per-connection limits, so that only
// the per-address limits stand between them and the server:
//   create-flood: 20 connections each create 5 sessions with a CSV of about 1 MB, then come back on new
//                 connections and do it again, until the window ends;
//   rejoin-flood: 200 connections each join once, then rejoin with their valid token 45 times a second; a
//                 connection the server cuts comes back a second later.
import { CSV_LIMITS, PROTOCOL_VERSION, type ChallengeInput } from "@downhill/core";
import { io, type Socket } from "socket.io-client";
import type { FloodKind } from "./args.ts";
import type { FloodResult } from "./flooder.ts";
import { wallNow } from "./wallClock.ts";

export type CrowdFloodKind = Extract<FloodKind, "create-flood" | "rejoin-flood">;

const CREATE_CONNECTIONS = 20;
const CREATES_PER_CONNECTION = 5;
const REJOIN_CONNECTIONS = 200;
const REJOINS_PER_SECOND = 45;
const RECONNECT_AFTER_MS = 1_000;

type Ack = { ok: boolean; error?: { code: string }; studentToken?: string };

/** The largest challenge a client may send: 5,000 rows of 8 features and a target, 24 characters a number. */
function largeCsvChallenge(): ChallengeInput {
  const number = (i: number, j: number) =>
    Number(`0.${String((i * 7919 + j * 104_729) % 1e9).padStart(9, "0")}12345678`);
  const rows = Array.from({ length: CSV_LIMITS.maxRows }, (_, i) =>
    Array.from({ length: CSV_LIMITS.maxFeatures }, (_, j) => number(i, j)),
  );
  return {
    title: "flood",
    dataset: {
      name: "csv",
      csv: {
        featureNames: Array.from({ length: CSV_LIMITS.maxFeatures }, (_, j) => `x${j}`),
        targetName: "y",
        rows,
        targets: rows.map((row) => row.reduce((sum, value) => sum + value, 0)),
      },
    },
    model: "linear",
    epochs: 100,
  };
}

export class CrowdFlooder {
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly acks: Record<string, number> = {};
  private sent = 0;
  private connections = 0;
  private disconnects = 0;
  private startedAt = 0;
  private firstDisconnectAt: number | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly kind: CrowdFloodKind,
    private readonly code: string,
  ) {}

  async start(): Promise<void> {
    this.startedAt = wallNow();
    if (this.kind === "create-flood") {
      const challenge = largeCsvChallenge();
      for (let i = 0; i < CREATE_CONNECTIONS; i++) void this.createLoop(challenge);
    } else {
      await Promise.all(Array.from({ length: REJOIN_CONNECTIONS }, (_, i) => this.rejoiner(i, null)));
    }
  }

  /** One connection at a time: 5 creates at once, wait for their answers, then again on a new connection. */
  private async createLoop(challenge: ChallengeInput): Promise<void> {
    while (!this.stopped) {
      const socket = await this.connect();
      if (!socket) continue;
      await Promise.all(
        Array.from({ length: CREATES_PER_CONNECTION }, () => this.emit(socket, "session:create", { challenge })),
      );
      this.drop(socket);
    }
  }

  /** Joins once as a student of its own, then rejoins with the token at REJOINS_PER_SECOND until cut or stopped. */
  private async rejoiner(index: number, token: string | null): Promise<void> {
    if (this.stopped) return;
    const socket = await this.connect();
    if (!socket) return;
    let studentToken = token;
    if (studentToken === null) {
      const joined = await this.emit(socket, "student:join", {
        code: this.code,
        name: `Flood ${index}`,
        protocolVersion: PROTOCOL_VERSION,
      });
      studentToken = joined?.studentToken ?? null;
      if (studentToken === null) return this.drop(socket);
    }
    const payload = { code: this.code, name: `Flood ${index}`, studentToken, protocolVersion: PROTOCOL_VERSION };
    const timer = setInterval(() => {
      if (socket.connected) void this.emit(socket, "student:join", payload);
    }, 1000 / REJOINS_PER_SECOND);
    this.timers.add(timer);
    socket.once("disconnect", () => {
      clearInterval(timer);
      this.timers.delete(timer);
      if (this.stopped) return;
      const again = setTimeout(() => void this.rejoiner(index, studentToken), RECONNECT_AFTER_MS);
      this.timers.add(again);
    });
  }

  private connect(): Promise<Socket | null> {
    return new Promise((resolve) => {
      const socket = io(this.url, { transports: ["websocket"], forceNew: true, reconnection: false });
      const fail = setTimeout(() => {
        socket.close();
        resolve(null);
      }, 10_000);
      socket.once("connect", () => {
        clearTimeout(fail);
        this.connections++;
        this.sockets.add(socket);
        socket.once("disconnect", (reason) => {
          this.sockets.delete(socket);
          if (reason === "io server disconnect") {
            this.disconnects++;
            this.firstDisconnectAt ??= wallNow();
          }
        });
        resolve(socket);
      });
    });
  }

  /** Sends one event; resolves with its acknowledgement, or null when none came (the socket was cut). */
  private emit(socket: Socket, event: string, payload: unknown): Promise<Ack | null> {
    this.sent++;
    return new Promise((resolve) => {
      const gone = () => resolve(null);
      socket.once("disconnect", gone);
      socket.emit(event, payload, (reply: Ack) => {
        socket.off("disconnect", gone);
        const outcome = reply.ok ? "ok" : (reply.error?.code ?? "error");
        this.acks[outcome] = (this.acks[outcome] ?? 0) + 1;
        resolve(reply);
      });
    });
  }

  private drop(socket: Socket): void {
    this.sockets.delete(socket);
    socket.close();
  }

  close(): FloodResult {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.close();
    return {
      kind: this.kind,
      sent: this.sent,
      acks: { ...this.acks },
      disconnectedAfterMs: this.firstDisconnectAt === null ? null : this.firstDisconnectAt - this.startedAt,
      disconnectReason: this.firstDisconnectAt === null ? null : "io server disconnect",
      connections: this.connections,
      serverDisconnects: this.disconnects,
    };
  }
}
