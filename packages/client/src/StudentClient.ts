// A student without a page: one Socket.IO connection that joins a session, joins again with its token after
// every reconnection (a dropped connection, a server restart), and streams runs exactly once through RunStream.
// The reference client beside docs/protocol.md; the load benchmark and the integration tests drive it too.
import {
  PROTOCOL_VERSION,
  type AckOf,
  type ClientToServerEvents,
  type RunConfigInput,
  type ServerToClientEvents,
  type StudentJoined,
} from "@downhill/core";
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { callOver, JOIN_TIMEOUT_MS, type CallObserver } from "./callOver.ts";
import { RunStream, type CallFn, type RunStreamOptions } from "./RunStream.ts";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface StudentClientOptions {
  /** The server's address; the page's own origin when absent (in a browser). */
  readonly url?: string;
  readonly code: string;
  readonly name: string;
  /** A token from an earlier join: come back as that student. */
  readonly studentToken?: string;
  /** Passed to socket.io-client (a parser, headers, reconnection delays). */
  readonly socket?: Partial<ManagerOptions & SocketOptions>;
  /** Every join, first or again, with its acknowledgement. */
  readonly onJoin?: (ack: AckOf<"student:join">) => void;
  /** Every call's send and how it ended (an acknowledgement, a timeout, a dropped connection). */
  readonly onCall?: CallObserver;
}

/** What a stream needs from its owner besides the call: see RunStreamOptions. */
export type StreamOptions = Omit<RunStreamOptions, "runId" | "call" | "requestRejoin">;

export class StudentClient {
  readonly socket: ClientSocket;
  /** The latest successful join; null before the first. */
  joined: StudentJoined | null = null;
  private token: string | null;
  private readonly streams = new Map<string, RunStream>();
  private closed = false;
  /** Settles `connect()` with the first join that got an answer. */
  private firstJoin: ((ack: AckOf<"student:join">) => void) | null = null;

  private constructor(private readonly options: StudentClientOptions) {
    this.token = options.studentToken ?? null;
    const socketOptions: Partial<ManagerOptions & SocketOptions> = {
      // WebSocket only: no sticky sessions needed behind a load balancer, no polling fallback to keep in step.
      transports: ["websocket"],
      forceNew: true,
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 3_000,
      ...options.socket,
    };
    this.socket = options.url ? io(options.url, socketOptions) : io(socketOptions);
    this.socket.on("connect", () => void this.join());
    this.socket.on("disconnect", () => {
      for (const stream of this.streams.values()) stream.onDisconnect();
    });
  }

  /** Connects and joins; resolves with the first join's acknowledgement (a refusal included). */
  static connect(options: StudentClientOptions): Promise<{ client: StudentClient; ack: AckOf<"student:join"> }> {
    const client = new StudentClient(options);
    return new Promise((resolve) => {
      const first = (ack: AckOf<"student:join">) => {
        client.firstJoin = null;
        resolve({ client, ack });
      };
      client.firstJoin = first;
      client.socket.connect();
    });
  }

  /** The token that brings this student back (after a first successful join). */
  get studentToken(): string | null {
    return this.token;
  }

  /** Sends one event of the protocol table; resolves with its acknowledgement, never rejects. */
  readonly call: CallFn = (event, payload, timeoutMs) =>
    callOver(this.socket, event, payload, timeoutMs, this.options.onCall);

  /**
   * Joins the session, with the token once it has one, and aligns every open stream with the runs the server
   * reports. Runs on every `connect`; a stream that lost track of the server asks for it too.
   */
  async join(): Promise<AckOf<"student:join">> {
    const ack = await this.call(
      "student:join",
      {
        code: this.options.code,
        // With a token the server restores the student and ignores the name.
        name: this.options.name,
        protocolVersion: PROTOCOL_VERSION,
        ...(this.token ? { studentToken: this.token } : {}),
      },
      JOIN_TIMEOUT_MS,
    );
    if (ack.ok) {
      this.token = ack.studentToken;
      this.joined = ack;
      for (const stream of this.streams.values()) stream.onRejoined(ack.runs);
    }
    this.options.onJoin?.(ack);
    // A join lost with the connection is not an answer: the next `connect` joins again.
    if (ack.ok || this.socket.connected) this.firstJoin?.(ack);
    return ack;
  }

  /** Asks the server to start a run; on success, the stream that carries its losses. */
  async startRun(
    runId: string,
    config: RunConfigInput,
    options: StreamOptions = {},
  ): Promise<
    | { ok: true; stream: RunStream; ack: Extract<AckOf<"run:start">, { ok: true }> }
    | Extract<AckOf<"run:start">, { ok: false }>
  > {
    const ack = await this.call("run:start", { runId, config });
    if (!ack.ok) return ack;
    return { ok: true, stream: this.stream(runId, options), ack };
  }

  /**
   * The stream of a run the server already started (a resumed run, or one started elsewhere); it forgets the
   * run once the stream ends.
   */
  stream(runId: string, options: StreamOptions = {}): RunStream {
    const stream = new RunStream({
      ...options,
      runId,
      call: this.call,
      requestRejoin: () => void this.join(),
    });
    this.streams.set(runId, stream);
    void stream.ended.then(() => this.streams.delete(runId));
    return stream;
  }

  /** Closes the connection for good; open streams stop where they are. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) stream.stop(null, "The client closed.");
    this.socket.close();
  }
}
