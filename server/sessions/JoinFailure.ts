// The one refusal that counts against a guessing limit.
import type { ErrorCode } from "@downhill/core";
import { SessionError } from "../live/LiveSession.ts";

/** A refusal that counts against the caller's address as a failed join attempt (a wrong code or token). */
export class JoinFailure extends SessionError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
    this.name = "JoinFailure";
  }
}
