import { z } from "zod";
import { runConfigSchema, RUN_LIMITS } from "../training/RunConfig.ts";
import type { Diagnosis } from "../training/diagnose.ts";
import { challengeSchema } from "./challenge.ts";
import { studentNameSchema } from "./names.ts";
import { runPredictionSchema } from "./prediction.ts";
import type {
  ChartView,
  LeaderboardView,
  OwnRunView,
  ReferencesView,
  RosterView,
  RunStatus,
  SessionStateUpdate,
  SessionStateView,
  StudentRankView,
  StudentStateView,
} from "./views.ts";

/** Bumped on every incompatible change; `student:join` and `host:attach` refuse other versions. */
export const PROTOCOL_VERSION = 3;

/** Join codes use letters and digits that cannot be confused when read off a projector (no 0/O, 1/I/L). */
export const JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const JOIN_CODE_LENGTH = 6;
/** Largest number of epochs one progress batch may carry. */
export const MAX_PROGRESS_BATCH = 500;
/** Upper bound on any model's parameter count (an MLP of four 16-unit layers on 8 inputs stays below it). */
export const MAX_PARAMS = 2_048;

export const joinCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .length(JOIN_CODE_LENGTH)
  .regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]+$`), "not a join code");
/** Host, student, instructor and share tokens: url-safe random strings. */
export const tokenSchema = z
  .string()
  .min(16)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, "not a token");
export const runIdSchema = z.uuid();

export const hostAttachPayload = z.object({
  code: joinCodeSchema,
  hostToken: tokenSchema,
  protocolVersion: z.number().int(),
});

export const hostCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("start") }),
  z.object({ type: z.literal("pause") }),
  z.object({ type: z.literal("resume") }),
  z.object({ type: z.literal("end") }),
  z.object({ type: z.literal("lock") }),
  z.object({ type: z.literal("unlock") }),
  z.object({ type: z.literal("kick"), studentId: z.string().min(1).max(64) }),
  z.object({ type: z.literal("anonymize"), on: z.boolean() }),
  z.object({ type: z.literal("reveal") }),
  z.object({
    type: z.literal("extend"),
    seconds: z
      .number()
      .int()
      .min(10)
      .max(2 * 3600),
  }),
  /**
   * Once the round has ended: another round with the same class under `challenge` (checked as POST /api/sessions
   * checks one), back in the lobby. Students, their tokens and kicks stay; attempts count again from the first.
   */
  z.object({ type: z.literal("newRound"), challenge: challengeSchema }),
]);
export type HostCommand = z.infer<typeof hostCommandSchema>;

export const hostCommandPayload = z.object({
  code: joinCodeSchema,
  hostToken: tokenSchema,
  command: hostCommandSchema,
});

export const studentJoinPayload = z.object({
  code: joinCodeSchema,
  name: studentNameSchema,
  /** The token from an earlier join: restores the same student with every run. */
  studentToken: tokenSchema.optional(),
  protocolVersion: z.number().int(),
});

export const runStartPayload = z.object({
  /** Chosen by the client (a UUID), so a start resent after a lost acknowledgement is recognised. */
  runId: runIdSchema,
  config: runConfigSchema,
  /** What the student expects of the run, said before it starts; stored with it for the review page. */
  prediction: runPredictionSchema.optional(),
});

export const runProgressPayload = z.object({
  runId: runIdSchema,
  /** 0, 1, 2, ... per run: the server stores batch `seq` only after batch `seq - 1`. */
  seq: z.number().int().min(0).max(RUN_LIMITS.maxEpochs),
  /** The epoch of losses[0]. */
  fromEpoch: z.number().int().min(0).max(RUN_LIMITS.maxEpochs),
  /** Training loss at the start of each epoch; null for a loss that was not a finite number. */
  losses: z.array(z.number().nullable()).min(1).max(MAX_PROGRESS_BATCH),
});

export const runFinishPayload = z.object({
  runId: runIdSchema,
  /** The final parameters, in the model's documented layout; null for one that is not a finite number. */
  params: z.array(z.number().nullable()).min(1).max(MAX_PARAMS),
});

/** Stops a run before its end (the student reset it): it is closed as "unfinished" and its attempt stays spent. */
export const runCancelPayload = z.object({ runId: runIdSchema });

export type HostAttachPayload = z.input<typeof hostAttachPayload>;
export type HostCommandPayload = z.input<typeof hostCommandPayload>;
export type StudentJoinPayload = z.input<typeof studentJoinPayload>;
export type RunStartPayload = z.input<typeof runStartPayload>;
export type RunProgressPayload = z.input<typeof runProgressPayload>;
export type RunFinishPayload = z.input<typeof runFinishPayload>;
export type RunCancelPayload = z.input<typeof runCancelPayload>;

/** What `POST /api/sessions` answers (201): the new session and the credentials that open it. */
export interface SessionCreated {
  readonly sessionId: string;
  readonly code: string;
  readonly joinUrl: string;
  readonly hostToken: string;
  readonly instructorKey: string;
  /** Opens the read-only results page; the instructor chooses whether to share it. */
  readonly shareToken: string;
}

/** Whether students' devices can open the join link, and where they could instead. */
export interface JoinReach {
  /** The link names this computer only (localhost, 127.x.x.x, [::1]): no other device can open it. */
  readonly local: boolean;
  /** When `local`: the same link at each LAN IPv4 address the server listens on, for the host to switch to. */
  readonly lanJoinUrls: readonly string[];
}

export interface HostAttached {
  readonly state: SessionStateView;
  readonly joinReach: JoinReach;
}

/** A host command's effect: the session's state once it applied. */
export interface CommandApplied {
  readonly state: SessionStateView;
}

export interface StudentJoined {
  readonly studentId: string;
  readonly studentToken: string;
  readonly name: string;
  /** Its challenge carries the training rows, not the dataset's recipe (protocol version 3). */
  readonly state: StudentStateView;
  readonly runs: readonly OwnRunView[];
  readonly attemptsLeft: number;
}

export interface RunStarted {
  readonly run: OwnRunView;
  readonly attemptsLeft: number;
}

export interface ProgressAcked {
  readonly nextSeq: number;
  readonly epochsStored: number;
}

export interface RunFinished {
  readonly runId: string;
  readonly status: Exclude<RunStatus, "running">;
  /** Training loss recomputed by the server from the submitted parameters. */
  readonly trainLoss: number | null;
  /** Share of the training rows the server's final parameters classify right; null but for verified classification. */
  readonly trainAccuracy: number | null;
  readonly reason: string | null;
  readonly divergedAt: number | null;
  /**
   * What happened and what to try next, read from the server's own replay: for a verified or diverged run.
   * Null for a rejected or unfinished run, and for one finished before a restart until its replay is read again.
   */
  readonly diagnosis: Diagnosis | null;
}

/** Events the server sends, coalesced and broadcast at a fixed rate (see docs/protocol.md). */
export interface ServerToClientEvents {
  "session:state": (state: SessionStateUpdate) => void;
  "leaderboard:update": (leaderboard: LeaderboardView) => void;
  "leaderboard:rank": (rank: StudentRankView) => void;
  "chart:update": (chart: ChartView) => void;
  "roster:update": (roster: RosterView) => void;
  "student:kicked": (notice: { message: string }) => void;
  /** Once per join or attach, when the session's reference runs are ready; never awaited by an acknowledgement. */
  "session:references": (references: ReferencesView) => void;
}

export type InterServerEvents = Record<string, never>;

/** What the server remembers about a socket once it has joined or attached. */
export interface SocketData {
  sessionId?: string;
  studentId?: string;
  isHost?: boolean;
}
