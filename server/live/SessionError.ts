import type { ErrorCode } from "@downhill/core";

/** A refusal with a wire error code; handlers turn it into an error acknowledgement. */
export class SessionError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly expectedSeq?: number,
  ) {
    super(message);
    this.name = "SessionError";
  }
}
