// Floods from many connections of one address, each staying within its own per-connection limits, so that only
// the per-address limits stand between them and the server:
//   create-flood:      20 clients each POST /api/sessions with a CSV of about 0.9 MB on a new connection, the
//                      next as soon as the last is answered, until the window ends;
//   big-message-flood: 20 connections each send one socket message of about 1.1 MB (what session:create with a
//                      CSV used to be) and, once the server cuts them, come back on new connections at once;
//   rejoin-flood:      200 connections each join once, then rejoin with their valid token 45 times a second,
//                      without waiting for the answers; a connection the server cuts comes back a second later.
import { CREATE_SESSION_PATH, CSV_LIMITS, PROTOCOL_VERSION, type ChallengeInput } from "@downhill/core";
import { connect as tcpConnect } from "node:net";
import { io, type Socket } from "socket.io-client";
import type { FloodKind } from "./args.ts";
import type { FloodResult } from "./flooder.ts";
import { wallNow } from "./wallClock.ts";

export type CrowdFloodKind = Extract<FloodKind, "create-flood" | "big-message-flood" | "rejoin-flood">;

const CREATE_CLIENTS = 20;
const BIG_MESSAGE_CONNECTIONS = 20;
/** Losses of 19 characters each: about 1.1 MB of JSON, like session:create with the largest CSV. */
const BIG_MESSAGE_LOSSES = 58_000;
const REJOIN_CONNECTIONS = 200;
const REJOINS_PER_SECOND = 45;
const RECONNECT_AFTER_MS = 1_000;

type Ack = { ok: boolean; error?: { code: string }; studentToken?: string };

/** A challenge as large as the builder makes: 5,000 rows of 8 features and a target, 19 characters a number (0.9 MB). */
export function largeCsvChallenge(): ChallengeInput {
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

/** An HTTP request for POST /api/sessions with `body`, ready to be written to a socket as it is. */
function rawPost(url: string, body: string): Buffer {
  const { host } = new URL(url);
  const bytes = Buffer.from(body);
  const head =
    `POST ${CREATE_SESSION_PATH} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), bytes]);
}

const OUTCOMES: Readonly<Record<number, string>> = {
  201: "ok",
  400: "invalid_challenge",
  413: "payload_too_large",
  429: "rate_limited",
};

/** Sends `request` on a new connection; resolves with its outcome once the status line arrives. */
function answerTo(url: string, request: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = tcpConnect(Number(port), hostname);
    const timer = setTimeout(() => done("no answer"), 30_000);
    let received = "";
    function done(outcome: string): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    }
    socket.setEncoding("latin1");
    socket.on("data", (data: string) => {
      received += data;
      const line = received.indexOf("\r\n");
      if (line < 0) return;
      const status = Number(received.slice(0, line).split(" ")[1]);
      done(OUTCOMES[status] ?? `HTTP ${status}`);
    });
    // The server closes a refused request's connection before reading all of it: writing on may fail first.
    socket.on("error", () => done("no answer"));
    socket.on("close", () => done("no answer"));
    socket.write(request);
  });
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
      const request = rawPost(this.url, JSON.stringify({ challenge: largeCsvChallenge() }));
      for (let i = 0; i < CREATE_CLIENTS; i++) void this.createLoop(request);
    } else if (this.kind === "big-message-flood") {
      const losses = Array.from({ length: BIG_MESSAGE_LOSSES }, (_, i) => 0.1234567890123456 + i * 1e-17);
      const payload = { runId: "00000000-0000-4000-8000-000000000000", seq: 0, fromEpoch: 0, losses };
      for (let i = 0; i < BIG_MESSAGE_CONNECTIONS; i++) void this.bigMessageLoop(payload);
    } else {
      await Promise.all(Array.from({ length: REJOIN_CONNECTIONS }, (_, i) => this.rejoiner(i, null)));
    }
  }

  /**
   * POSTs the 0.9 MB challenge on a new connection, and again as soon as the answer's status line arrives. The
   * request is written by hand from one prepared buffer, as a determined client would, so that the flooder's own
   * CPU (which shares this machine with the server) stays small next to what it makes the server do.
   */
  private async createLoop(request: Buffer): Promise<void> {
    while (!this.stopped) {
      this.sent++;
      const outcome = await answerTo(this.url, request);
      this.acks[outcome] = (this.acks[outcome] ?? 0) + 1;
    }
  }

  /** Sends one 1.1 MB message on a new connection, waits for its answer or the cut, then again. */
  private async bigMessageLoop(payload: unknown): Promise<void> {
    while (!this.stopped) {
      const socket = await this.connect();
      if (!socket) continue;
      const reply = await this.emit(socket, "run:progress", payload);
      if (reply === null) this.acks["cut unanswered"] = (this.acks["cut unanswered"] ?? 0) + 1;
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
      if (!socket.connected) return;
      // A join past the limits waits its turn: the ones still waiting when the server cuts the socket go unanswered.
      void this.emit(socket, "student:join", payload).then((reply) => {
        if (reply === null) this.acks["cut unanswered"] = (this.acks["cut unanswered"] ?? 0) + 1;
      });
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
          // A message over the size limit closes the transport; the other floods are cut by the server's handlers.
          if (reason === "io server disconnect" || reason === "transport close") {
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
      disconnectReason: this.firstDisconnectAt === null ? null : "cut by the server",
      // HTTP requests are counted in `sent`; the socket floods also count their connections.
      ...(this.kind === "create-flood" ? {} : { connections: this.connections, serverDisconnects: this.disconnects }),
    };
  }
}
