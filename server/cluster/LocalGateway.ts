// Sessions held in this process's memory: the single-server gateway, and the part of a cluster server that runs
// the sessions it owns.
import type { HostCommand, RunConfig, RunProgressPayload } from "@downhill/core";
import type { Broadcaster } from "../live/Broadcaster.ts";
import type { Classroom } from "../live/Classroom.ts";
import { SessionError, type LiveSession } from "../live/LiveSession.ts";
import { tokenMatches } from "../tokens.ts";
import { JoinFailure, type SessionGateway, type SnapshotRole, type StudentJoinResult } from "./SessionGateway.ts";

export class LocalGateway implements SessionGateway {
  constructor(
    private readonly classroom: Classroom,
    private readonly broadcaster: Broadcaster,
    private readonly joinUrlFor: (code: string) => string,
  ) {}

  /** The session with this code, loaded from the store when needed; a JoinFailure when there is none. */
  async session(code: string): Promise<LiveSession> {
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

  async create(challenge: Parameters<SessionGateway["create"]>[0], instructorKey: string | undefined) {
    return this.classroom.create(challenge, instructorKey, this.joinUrlFor);
  }

  async hostAttach(code: string, hostToken: string) {
    const session = await this.hostSession(code, hostToken);
    return { sessionId: session.id, state: this.broadcaster.stateOf(session) };
  }

  async hostCommand(code: string, hostToken: string, command: HostCommand) {
    const session = await this.hostSession(code, hostToken);
    await session.command(command);
    return { state: this.broadcaster.stateOf(session) };
  }

  async studentJoin(code: string, name: string, studentToken: string | undefined): Promise<StudentJoinResult> {
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
  }

  async snapshot(code: string, socketId: string, role: SnapshotRole): Promise<void> {
    this.broadcaster.sendSnapshot(socketId, await this.session(code), role);
  }

  async runStart(code: string, studentId: string, runId: string, config: RunConfig) {
    const session = await this.session(code);
    const run = await session.startRun(studentId, runId, config);
    return { run: session.ownRunView(run), attemptsLeft: session.attemptsLeft(studentId) };
  }

  async runProgress(code: string, studentId: string, batch: RunProgressPayload) {
    return (await this.session(code)).progress(studentId, batch);
  }

  async runFinish(code: string, studentId: string, runId: string, params: readonly (number | null)[]) {
    return (await this.session(code)).finish(studentId, runId, params);
  }

  async runCancel(code: string, studentId: string, runId: string) {
    return (await this.session(code)).cancel(studentId, runId);
  }

  presence(code: string, studentId: string, change: 1 | -1): Promise<void> {
    this.classroom.loaded(code)?.setConnected(studentId, change);
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await this.classroom.close();
  }
}
