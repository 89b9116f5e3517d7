// The one way the Socket.IO handlers reach live sessions. Every input and output is plain data, so a call can run
// in this process (LocalGateway) or travel to the server that owns the session (ClusterGateway).
import type {
  Challenge,
  ErrorCode,
  HostCommand,
  OwnRunView,
  ProgressAcked,
  RunConfig,
  RunFinished,
  RunProgressPayload,
  SessionCreated,
  SessionStateView,
  StudentStateView,
} from "@downhill/core";
import { SessionError } from "../live/LiveSession.ts";

/** A refusal that counts against the caller's address as a failed join attempt (a wrong code or token). */
export class JoinFailure extends SessionError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
    this.name = "JoinFailure";
  }
}

export interface HostAttachResult {
  readonly sessionId: string;
  readonly state: SessionStateView;
}

export interface StudentJoinResult {
  readonly sessionId: string;
  readonly studentId: string;
  readonly studentToken: string;
  readonly name: string;
  /** Its challenge is the one students receive: training rows, no recipe. */
  readonly state: StudentStateView;
  readonly runs: OwnRunView[];
  readonly attemptsLeft: number;
}

/** Who a snapshot is for: the host's screen, or one student's. */
export interface SnapshotRole {
  readonly host: boolean;
  readonly studentId?: string;
}

/**
 * Every operation names its session by join code. Refusals are SessionErrors (JoinFailure for a wrong code or
 * token); their codes reach the client unchanged wherever the session lives.
 */
export interface SessionGateway {
  create(challenge: Challenge, instructorKey: string | undefined): Promise<SessionCreated>;
  /** Checks the host token; the caller then joins the session's rooms and asks for a snapshot. */
  hostAttach(code: string, hostToken: string): Promise<HostAttachResult>;
  hostCommand(code: string, hostToken: string, command: HostCommand): Promise<{ state: SessionStateView }>;
  /** A new student (no token) or a returning one; counts one more connected socket for them. */
  studentJoin(code: string, name: string, studentToken: string | undefined): Promise<StudentJoinResult>;
  /** Sends every view to one socket (by id, on whichever server it is connected). */
  snapshot(code: string, socketId: string, role: SnapshotRole): Promise<void>;
  runStart(
    code: string,
    studentId: string,
    runId: string,
    config: RunConfig,
  ): Promise<{ run: OwnRunView; attemptsLeft: number }>;
  runProgress(code: string, studentId: string, batch: RunProgressPayload): Promise<ProgressAcked>;
  runFinish(code: string, studentId: string, runId: string, params: readonly (number | null)[]): Promise<RunFinished>;
  runCancel(code: string, studentId: string, runId: string): Promise<RunFinished>;
  /** One socket attached to (+1) or left (-1) a student, for the roster's "connected" column. */
  presence(code: string, studentId: string, change: 1 | -1): Promise<void>;
  /** Stops background work and lets queued writes commit. */
  close(): Promise<void>;
}

/** The operations that run where a session lives, by name: what a remote call may ask for. */
export type GatewayOp = Exclude<keyof SessionGateway, "create" | "close">;
export const GATEWAY_OPS: readonly GatewayOp[] = [
  "hostAttach",
  "hostCommand",
  "studentJoin",
  "snapshot",
  "runStart",
  "runProgress",
  "runFinish",
  "runCancel",
  "presence",
];
