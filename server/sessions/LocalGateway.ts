// Sessions held in this process's memory: the single-server gateway, and the part of a cluster server that runs
// the sessions it owns.
import type { Broadcaster } from "../live/Broadcaster.ts";
import type { Classroom } from "../live/Classroom.ts";
import { SessionError, type LiveSession } from "../live/LiveSession.ts";
import type { PreparedSession } from "../live/prepareSession.ts";
import { tokenMatches } from "../tokens.ts";
import { JoinFailure } from "./JoinFailure.ts";
import type { GatewayInput, GatewayOp, GatewayOutput, SessionGateway } from "./SessionGateway.ts";

/** How this process runs each operation on the session with `code`. */
type Operations = {
  readonly [O in GatewayOp]: (code: string, input: GatewayInput<O>) => Promise<GatewayOutput<O>>;
};

export class LocalGateway implements SessionGateway {
  constructor(
    private readonly classroom: Classroom,
    private readonly broadcaster: Broadcaster,
    private readonly joinUrlFor: (code: string) => string,
  ) {}

  async create(prepared: PreparedSession, instructorKey: string | undefined) {
    return this.classroom.create(prepared, instructorKey, this.joinUrlFor);
  }

  run<O extends GatewayOp>(code: string, op: O, input: GatewayInput<O>): Promise<GatewayOutput<O>> {
    return this.operations[op](code, input);
  }

  async close(): Promise<void> {
    await this.classroom.close();
  }

  /** The session with this code, loaded from the store when needed; a JoinFailure when there is none. */
  private async session(code: string): Promise<LiveSession> {
    const session = await this.classroom.byJoinCode(code);
    if (!session) throw new JoinFailure("not_found", `no session has the code ${code}`);
    return session;
  }

  private async hostSession(code: string, hostToken: string): Promise<LiveSession> {
    const session = await this.session(code);
    if (!tokenMatches(hostToken, session.record.hostTokenHash)) {
      throw new JoinFailure("forbidden", "this host token does not open this session");
    }
    return session;
  }

  private readonly operations: Operations = {
    hostAttach: async (code, { hostToken }) => {
      const session = await this.hostSession(code, hostToken);
      return { sessionId: session.id, state: this.broadcaster.stateOf(session) };
    },

    hostCommand: async (code, { hostToken, command }) => {
      const session = await this.hostSession(code, hostToken);
      await session.command(command);
      return { state: this.broadcaster.stateOf(session) };
    },

    studentJoin: async (code, { name, studentToken }) => {
      const session = await this.session(code);
      let token = studentToken;
      let student;
      if (studentToken) {
        try {
          student = session.studentByToken(studentToken);
        } catch (error) {
          if (error instanceof SessionError && error.code === "forbidden")
            throw new JoinFailure("forbidden", error.message);
          throw error;
        }
      } else {
        const joined = await session.join(name);
        student = joined.student;
        token = joined.token;
      }
      const studentId = student.record.id;
      session.setConnected(studentId, 1);
      return {
        sessionId: session.id,
        studentId,
        studentToken: token!,
        name: student.record.name,
        state: this.broadcaster.studentStateOf(session),
        runs: session.runsOf(studentId).map((run) => session.ownRunView(run)),
        attemptsLeft: session.attemptsLeft(studentId),
      };
    },

    snapshot: async (code, { socketId, role }) => {
      this.broadcaster.sendSnapshot(socketId, await this.session(code), role);
    },

    runStart: async (code, { studentId, runId, config, prediction }) => {
      const session = await this.session(code);
      const run = await session.startRun(studentId, runId, config, prediction ?? null);
      return { run: session.ownRunView(run), attemptsLeft: session.attemptsLeft(studentId) };
    },

    runProgress: async (code, { studentId, ...batch }) => (await this.session(code)).progress(studentId, batch),

    runFinish: async (code, { studentId, runId, params }) =>
      (await this.session(code)).finish(studentId, runId, params),

    runCancel: async (code, { studentId, runId }) => (await this.session(code)).cancel(studentId, runId),

    presence: (code, { studentId, change }) => {
      this.classroom.loaded(code)?.setConnected(studentId, change);
      return Promise.resolve();
    },
  };
}
