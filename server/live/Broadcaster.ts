// Ticks and broadcasts are separate: updates arrive at any rate and only mark a session dirty; every
// BROADCAST_INTERVAL_MS each dirty session sends its coalesced views once. No client ever receives every
// raw point of every student.
import type { ChartView, LeaderboardView, RosterView, SessionStateView, StudentRankView } from "@downhill/core";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Classroom } from "./Classroom.ts";
import type { LiveSession } from "./LiveSession.ts";
import { buildChart, buildLeaderboard, buildRoster, countSessions, type ViewRun, type ViewStudent } from "./views.ts";
import type { DownhillServer } from "../socket/types.ts";

/** Leaderboard entries broadcast to everyone; every student also gets their own rank. */
export const LEADERBOARD_TOP = 10;

export const rooms = {
  session: (sessionId: string) => `session:${sessionId}`,
  hosts: (sessionId: string) => `hosts:${sessionId}`,
  student: (studentId: string) => `student:${studentId}`,
};

/** The views of one session, computed from its memory. */
export class SessionViews {
  constructor(
    private readonly session: LiveSession,
    private readonly clock: Clock,
  ) {}

  private students(): ViewStudent[] {
    return [...this.session.students.values()].map((student) => ({
      id: student.record.id,
      name: student.record.name,
      joinOrder: student.joinOrder,
      kicked: student.record.kicked,
      connected: student.sockets > 0,
    }));
  }

  private runs(): ViewRun[] {
    return [...this.session.runs.values()].map(({ record, losses, epochsStored }) => ({
      id: record.id,
      studentId: record.studentId,
      attempt: record.attempt,
      optimizer: record.config.optimizer,
      lr: record.config.lr,
      batchSize: record.config.batchSize,
      status: record.status,
      reason: record.reason,
      trainLoss: record.trainLoss,
      testLoss: record.testLoss,
      divergedAt: record.divergedAt,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      losses,
      epochsStored,
    }));
  }

  state(joinUrl: string): SessionStateView {
    const { record } = this.session;
    return {
      sessionId: record.id,
      code: record.code,
      joinUrl,
      status: record.status,
      locked: record.locked,
      anonymized: record.anonymized,
      revealed: record.revealed,
      challenge: record.challenge,
      optimumLoss: this.session.problem.optimumLoss,
      serverNow: this.clock.now(),
      endsAt: record.status === "running" ? record.endsAt : null,
      remainingMs: this.session.remainingMs(),
      counts: countSessions(this.students(), this.runs()),
    };
  }

  /** Live: training loss. After the reveal: the challenge's scoring split, marked final. */
  leaderboard(): { view: LeaderboardView; ranks: Map<string, { rank: number; loss: number }> } {
    const { record } = this.session;
    return buildLeaderboard(this.students(), this.runs(), {
      split: record.revealed ? record.challenge.scoring : "train",
      final: record.revealed,
      anonymized: record.anonymized,
      limit: LEADERBOARD_TOP,
    });
  }

  chart(): ChartView {
    const { record } = this.session;
    return buildChart(this.students(), this.runs(), { anonymized: record.anonymized, epochs: record.challenge.epochs });
  }

  roster(): RosterView {
    return buildRoster(this.students(), this.runs(), this.session.record.anonymized);
  }
}

export class Broadcaster {
  private timer: unknown = null;
  /** The rank each student was last told, to send only changes. */
  private readonly sentRanks = new Map<string, string>();

  constructor(
    private readonly io: DownhillServer,
    private readonly classroom: Classroom,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly joinUrlFor: (code: string) => string,
  ) {}

  start(): void {
    this.timer ??= this.clock.setInterval(() => this.tick(), this.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearInterval(this.timer);
    this.timer = null;
  }

  views(session: LiveSession): SessionViews {
    return new SessionViews(session, this.clock);
  }

  stateOf(session: LiveSession): SessionStateView {
    return this.views(session).state(this.joinUrlFor(session.record.code));
  }

  /** Sends every dirty view of every session once. */
  tick(): void {
    for (const session of this.classroom.sessions()) {
      try {
        this.broadcast(session);
      } catch (error) {
        this.logger.error("broadcast failed", { sessionId: session.id, error });
      }
    }
  }

  private broadcast(session: LiveSession): void {
    const { dirty } = session;
    if (!dirty.state && !dirty.leaderboard && !dirty.chart && !dirty.roster) return;
    const views = this.views(session);
    const everyone = this.io.to(rooms.session(session.id));
    if (dirty.state) everyone.emit("session:state", views.state(this.joinUrlFor(session.record.code)));
    if (dirty.leaderboard) {
      const { view, ranks } = views.leaderboard();
      everyone.emit("leaderboard:update", view);
      this.sendRanks(session, ranks, view.total);
    }
    if (dirty.chart) {
      // The scatter holds a point per finished run: only the host's screen shows it, so students get it empty.
      const chart = views.chart();
      this.io.to(rooms.hosts(session.id)).emit("chart:update", chart);
      everyone.except(rooms.hosts(session.id)).emit("chart:update", { ...chart, scatter: [] });
    }
    if (dirty.roster) this.io.to(rooms.hosts(session.id)).emit("roster:update", views.roster());
    Object.assign(dirty, { state: false, leaderboard: false, chart: false, roster: false });
  }

  private sendRanks(session: LiveSession, ranks: Map<string, { rank: number; loss: number }>, total: number): void {
    for (const studentId of session.students.keys()) {
      const own = ranks.get(studentId);
      const view: StudentRankView = { rank: own?.rank ?? null, total, loss: own?.loss ?? null };
      const key = `${view.rank}/${view.total}/${view.loss}`;
      if (this.sentRanks.get(studentId) === key) continue;
      this.sentRanks.set(studentId, key);
      this.io.to(rooms.student(studentId)).emit("leaderboard:rank", view);
    }
  }

  /**
   * Everything a socket that just joined or attached needs, without waiting for the next tick. The socket is named
   * by id, so it may live on another server of a cluster.
   */
  sendSnapshot(socketId: string, session: LiveSession, role: { host: boolean; studentId?: string }): void {
    const socket = this.io.to(socketId);
    const views = this.views(session);
    const { view, ranks } = views.leaderboard();
    socket.emit("session:state", views.state(this.joinUrlFor(session.record.code)));
    socket.emit("leaderboard:update", view);
    const chart = views.chart();
    socket.emit("chart:update", role.host ? chart : { ...chart, scatter: [] });
    if (role.host) socket.emit("roster:update", views.roster());
    if (role.studentId) {
      const own = ranks.get(role.studentId);
      socket.emit("leaderboard:rank", { rank: own?.rank ?? null, total: view.total, loss: own?.loss ?? null });
    }
  }
}
