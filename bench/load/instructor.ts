// The instructor's client: creates the session, attaches as host, starts it, and logs every change it sees in
// each student's roster row (latest run number and its stored epochs), with the time it saw it.
import {
  PROTOCOL_VERSION,
  type Ack,
  type AckOf,
  type ChallengeInput,
  type ClientEvent,
  type ClientToServerEvents,
  type PayloadOf,
  type RosterView,
  type ServerToClientEvents,
  type SessionCreated,
} from "@downhill/core";
import { io, type Socket } from "socket.io-client";
import { wallNow } from "./wallClock.ts";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Sends an event and resolves with its acknowledgement, or rejects after `timeoutMs`. */
export function request<E extends ClientEvent>(
  socket: Client,
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = 15_000,
): Promise<AckOf<E>> {
  // Socket.IO's typings cannot follow a generic event name through timeout(); core's event table types the call.
  const untyped: Socket = socket;
  return new Promise((resolve, reject) => {
    untyped
      .timeout(timeoutMs)
      .emit(event, payload, (error: Error | null, reply: AckOf<E>) =>
        error ? reject(new Error(`${event}: ${error.message}`)) : resolve(reply),
      );
  });
}

function unwrap<T extends object>(event: string, reply: Ack<T>): T {
  if (!reply.ok) throw new Error(`${event} refused: ${reply.error.code}: ${reply.error.message}`);
  return reply;
}

/** Roster rows seen, per student: flat triples (runs, epochs, seenAt), appended only when the row changes. */
export type RosterLog = Map<string, number[]>;

export class Instructor {
  readonly log: RosterLog = new Map();
  rosterUpdates = 0;
  /** Wall-clock times at which the host re-attached after a reconnection. */
  readonly reattachedAt: number[] = [];
  private attached = false;

  private constructor(
    private readonly socket: Client,
    readonly session: SessionCreated,
  ) {}

  /** Connects, creates and starts a session with `challenge`. */
  static async open(url: string, challenge: ChallengeInput): Promise<Instructor> {
    const socket: Client = io(url, {
      transports: ["websocket"],
      forceNew: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 3_000,
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`could not connect to ${url}`)), 15_000);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const created = unwrap("session:create", await request(socket, "session:create", { challenge }));
    const instructor = new Instructor(socket, created);
    socket.on("roster:update", (roster) => instructor.observe(roster));
    socket.on("connect", () => void instructor.attach());
    await instructor.attach();
    const command = { code: created.code, hostToken: created.hostToken, command: { type: "start" as const } };
    unwrap("host:command", await request(socket, "host:command", command));
    return instructor;
  }

  /** Attaches as host, again after every reconnection (a restarted server forgets sockets, not sessions). */
  private async attach(): Promise<void> {
    const payload = { code: this.session.code, hostToken: this.session.hostToken, protocolVersion: PROTOCOL_VERSION };
    try {
      unwrap("host:attach", await request(this.socket, "host:attach", payload));
      if (this.attached) this.reattachedAt.push(wallNow());
      this.attached = true;
    } catch {
      // The next reconnection tries again.
    }
  }

  private observe(roster: RosterView): void {
    const seenAt = wallNow();
    this.rosterUpdates++;
    for (const student of roster.students) {
      let rows = this.log.get(student.studentId);
      if (!rows) {
        rows = [];
        this.log.set(student.studentId, rows);
      }
      const n = rows.length;
      if (n > 0 && rows[n - 3] === student.runs && rows[n - 2] === student.epochs) continue;
      rows.push(student.runs, student.epochs, seenAt);
    }
  }

  close(): void {
    this.socket.close();
  }
}
