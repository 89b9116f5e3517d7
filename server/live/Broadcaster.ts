// Ticks and broadcasts are separate: updates arrive at any rate and only mark a session dirty; every
// BROADCAST_INTERVAL_MS each dirty session sends its coalesced views once to its hosts, and at most every
// STUDENT_VIEW_INTERVAL_MS to its students. No client ever receives every raw point of every student.
import {
  chartForStudents,
  leaderboardForStudents,
  studentRank,
  type ChartView,
  type LeaderboardView,
  type RosterView,
  type SessionStateUpdate,
  type SessionStateView,
  type StudentStateView,
} from "@downhill/core";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Classroom } from "./Classroom.ts";
import type { LiveSession } from "./LiveSession.ts";
import {
  buildChart,
  buildLeaderboard,
  buildRoster,
  countSessions,
  viewRunOf,
  type ViewRun,
  type ViewStudent,
} from "./views.ts";
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
    return [...this.session.runs.values()].map(({ record, losses, epochsStored, verifiedEpochs, diagnosis }) =>
      viewRunOf(record, losses, epochsStored, verifiedEpochs, diagnosis?.verdict ?? null),
    );
  }

  /** The state as broadcast: everything but the challenge. */
  state(joinUrl: string): SessionStateUpdate {
    const { record } = this.session;
    return {
      sessionId: record.id,
      code: record.code,
      joinUrl,
      status: record.status,
      locked: record.locked,
      anonymized: record.anonymized,
      revealed: record.revealed,
      round: record.round,
      optimumLoss: this.session.problem.optimumLoss,
      edgeOfStability: this.session.edgeOfStability,
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

/** How often students receive the class's chart, leaderboard and counts at most; hosts receive every tick. */
export const STUDENT_VIEW_INTERVAL_MS = 500;

/**
 * Students a session sends its views to per second, at most. Each send writes to every student's socket, so a
 * class larger than this times STUDENT_VIEW_INTERVAL_MS / 1000 (2,000) receives its views less often, in proportion:
 * every 1.25 s at 5,000. What a session's students cost the event loop then stops growing with the class, and the
 * joins, acknowledgements and the host's views that share the loop keep their pace.
 */
export const STUDENT_VIEW_SENDS_PER_SECOND = 4_000;

/** Ticks between two sends of the views to a session's `students`. */
export function studentViewTicks(students: number, tickMs: number): number {
  const intervalMs = Math.max(STUDENT_VIEW_INTERVAL_MS, (students * 1000) / STUDENT_VIEW_SENDS_PER_SECOND);
  return Math.max(1, Math.round(intervalMs / tickMs));
}

/** The views a session last computed, reused for sockets that join between two ticks. */
interface LatestViews {
  state?: SessionStateUpdate;
  leaderboard?: { view: LeaderboardView; ranks: Map<string, { rank: number; loss: number }> };
  chart?: ChartView;
  roster?: RosterView;
}

/** What students have not been sent yet, and at which tick they last were. */
interface StudentBacklog {
  counts: boolean;
  leaderboard: boolean;
  chart: boolean;
  sentAtTick: number;
}

export class Broadcaster {
  private timer: unknown = null;
  /** The rank each student was last told, to send only changes; per session, so it goes when the session does. */
  private readonly sentRanks = new WeakMap<LiveSession, Map<string, string>>();
  private readonly latest = new WeakMap<LiveSession, LatestViews>();
  private readonly backlog = new WeakMap<LiveSession, StudentBacklog>();
  private ticks = 0;

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

  /** The session's state with its whole challenge, for a host's acknowledgement. */
  stateOf(session: LiveSession): SessionStateView {
    return { ...this.currentState(session), challenge: session.record.challenge };
  }

  /** The session's state with the challenge as students receive it (training rows, no recipe), for a join. */
  studentStateOf(session: LiveSession): StudentStateView {
    return { ...this.currentState(session), challenge: session.studentChallenge };
  }

  /**
   * The last tick's state with fresh clock fields, recomputed only when the lifecycle changed since: a join costs
   * the same in any size of class.
   */
  private currentState(session: LiveSession): SessionStateUpdate {
    const { record } = session;
    const cached = this.latestOf(session).state;
    if (!cached || session.dirty.state) return this.views(session).state(this.joinUrlFor(record.code));
    return {
      ...cached,
      serverNow: this.clock.now(),
      endsAt: record.status === "running" ? record.endsAt : null,
      remainingMs: session.remainingMs(),
    };
  }

  /** Sends every dirty view of every session: to hosts at once, to students at most every `studentViewTicks`. */
  tick(): void {
    this.ticks++;
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
    const latest = this.latestOf(session);
    const backlog = this.backlogOf(session);
    const views = this.views(session);
    const hosts = this.io.to(rooms.hosts(session.id));
    if (dirty.state || dirty.counts) {
      latest.state = views.state(this.joinUrlFor(session.record.code));
      if (dirty.state) {
        // A pause or an end must reach every student at once.
        this.io.to(rooms.session(session.id)).emit("session:state", latest.state);
        backlog.counts = false;
      } else {
        hosts.emit("session:state", latest.state);
        backlog.counts = true;
      }
    }
    if (dirty.leaderboard) {
      latest.leaderboard = views.leaderboard();
      hosts.emit("leaderboard:update", latest.leaderboard.view);
      backlog.leaderboard = true;
    }
    if (dirty.chart) {
      latest.chart = views.chart();
      hosts.emit("chart:update", latest.chart);
      backlog.chart = true;
    }
    if (dirty.roster) {
      latest.roster = views.roster();
      hosts.emit("roster:update", latest.roster);
    }
    Object.assign(dirty, { state: false, counts: false, leaderboard: false, chart: false, roster: false });
    this.sendToStudents(session, latest, backlog);
  }

  private sendToStudents(session: LiveSession, latest: LatestViews, backlog: StudentBacklog): void {
    if (this.ticks - backlog.sentAtTick < studentViewTicks(session.students.size, this.intervalMs)) return;
    if (!backlog.counts && !backlog.leaderboard && !backlog.chart) return;
    const students = this.io.to(rooms.session(session.id)).except(rooms.hosts(session.id));
    if (backlog.counts && latest.state) students.emit("session:state", latest.state);
    // What students receive of the board and the chart follows the challenge's leaderboard mode.
    const mode = session.record.challenge.leaderboard;
    if ((backlog.leaderboard || backlog.chart) && latest.leaderboard) {
      const shown = leaderboardForStudents(latest.leaderboard.view, mode);
      if (backlog.leaderboard) {
        students.emit("leaderboard:update", shown);
        this.sendRanks(session, latest.leaderboard.ranks, latest.leaderboard.view.total);
      }
      if (backlog.chart && latest.chart) students.emit("chart:update", chartForStudents(latest.chart, mode, shown));
    }
    Object.assign(backlog, { counts: false, leaderboard: false, chart: false, sentAtTick: this.ticks });
  }

  private sendRanks(session: LiveSession, ranks: Map<string, { rank: number; loss: number }>, total: number): void {
    const sent = this.sentRanksOf(session);
    const mode = session.record.challenge.leaderboard;
    for (const studentId of session.students.keys()) {
      const view = studentRank(ranks.get(studentId), total, mode);
      const key = `${view.rank}/${view.total}/${view.loss}/${view.topPercent}`;
      if (sent.get(studentId) === key) continue;
      sent.set(studentId, key);
      this.io.to(rooms.student(studentId)).emit("leaderboard:rank", view);
    }
  }

  /**
   * Everything a socket that just joined or attached needs, without waiting for the next tick: the views of the
   * last tick (computed now only the first time). The socket is named by id, so it may live on another server.
   */
  sendSnapshot(socketId: string, session: LiveSession, role: { host: boolean; studentId?: string }): void {
    const socket = this.io.to(socketId);
    const latest = this.latestOf(session);
    const views = this.views(session);
    latest.leaderboard ??= views.leaderboard();
    latest.chart ??= views.chart();
    const { view, ranks } = latest.leaderboard;
    socket.emit("session:state", this.currentState(session));
    if (role.host) {
      socket.emit("leaderboard:update", view);
      socket.emit("chart:update", latest.chart);
      socket.emit("roster:update", (latest.roster ??= views.roster()));
    } else {
      // Under a restricted leaderboard mode, no entry or curve of another student beyond what the mode shows.
      const shown = leaderboardForStudents(view, session.record.challenge.leaderboard);
      socket.emit("leaderboard:update", shown);
      socket.emit("chart:update", chartForStudents(latest.chart, session.record.challenge.leaderboard, shown));
    }
    if (role.studentId) {
      const rank = studentRank(ranks.get(role.studentId), view.total, session.record.challenge.leaderboard);
      this.sentRanksOf(session).set(role.studentId, `${rank.rank}/${rank.total}/${rank.loss}/${rank.topPercent}`);
      socket.emit("leaderboard:rank", rank);
    }
    // The reference runs follow once replayed (the first join of a session waits for them); nothing awaits them.
    // A round's curves that arrive once the host has started another round are dropped: the socket joins or
    // attaches again for the new round's challenge, and gets the new round's curves then.
    session.references().then(
      (references) => {
        if (references.round === session.record.round) socket.emit("session:references", references);
      },
      (error: unknown) => this.logger.error("reference runs failed", { sessionId: session.id, error }),
    );
  }

  private sentRanksOf(session: LiveSession): Map<string, string> {
    let sent = this.sentRanks.get(session);
    if (!sent) this.sentRanks.set(session, (sent = new Map<string, string>()));
    return sent;
  }

  private latestOf(session: LiveSession): LatestViews {
    let latest = this.latest.get(session);
    if (!latest) this.latest.set(session, (latest = {}));
    return latest;
  }

  private backlogOf(session: LiveSession): StudentBacklog {
    let backlog = this.backlog.get(session);
    if (!backlog) {
      backlog = { counts: false, leaderboard: false, chart: false, sentAtTick: Number.NEGATIVE_INFINITY };
      this.backlog.set(session, backlog);
    }
    return backlog;
  }
}
