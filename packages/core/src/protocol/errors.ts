import type { FieldIssue } from "./challengeIssues.ts";

/** Every error code an acknowledgement or an HTTP error body can carry. */
export const ERROR_CODES = {
  invalid_payload: "invalid_payload",
  protocol_mismatch: "protocol_mismatch",
  rate_limited: "rate_limited",
  not_found: "not_found",
  forbidden: "forbidden",
  session_locked: "session_locked",
  session_ended: "session_ended",
  session_not_running: "session_not_running",
  name_taken: "name_taken",
  kicked: "kicked",
  not_joined: "not_joined",
  attempts_exhausted: "attempts_exhausted",
  rule_violation: "rule_violation",
  run_closed: "run_closed",
  missing_batches: "missing_batches",
  invalid_state: "invalid_state",
  invalid_challenge: "invalid_challenge",
  /** The session is moving to another server (several servers share one database); try again. */
  unavailable: "unavailable",
  /** HTTP only: the request lacks a valid instructor key. */
  unauthorized: "unauthorized",
  /** HTTP only: the path does not take this method. */
  method_not_allowed: "method_not_allowed",
  /** HTTP only: the request body is larger than the server accepts. */
  payload_too_large: "payload_too_large",
  /** HTTP only: the request body is not JSON (Content-Type: application/json). */
  unsupported_media_type: "unsupported_media_type",
  /** Socket only: the server handles no event of this name (a removed one names what replaced it). */
  unknown_event: "unknown_event",
  internal: "internal",
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Every acknowledgement: `{ ok: true, ...data }` or `{ ok: false, error: { code, message } }`. */
export type Ack<T extends object = object> =
  | ({ readonly ok: true } & T)
  | {
      readonly ok: false;
      readonly error: ErrorBody & {
        /** `missing_batches`: the batch the server expects next. */
        readonly expectedSeq?: number;
        /** `invalid_challenge`: each problem and the field it is in (see `challengeIssues`). */
        readonly fields?: readonly FieldIssue[];
      };
    };

/** Builds a failed acknowledgement. */
export function fail(code: ErrorCode, message: string): { ok: false; error: ErrorBody } {
  return { ok: false, error: { code, message } };
}
