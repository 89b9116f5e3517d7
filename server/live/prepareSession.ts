// The dear, pure part of creating a session, run on a worker thread (engineWorker.ts) so that a 1 MB upload never
// holds the event loop that carries every student's acknowledgements: parsing and validating the request's body,
// building the challenge's problem (its dataset) and checking its verification cost, the students' view of it and
// its stable learning rate, and the challenge's JSON as it will be stored. What is left to the event loop is the
// insert and registering the live session.
import { challengeError, challengeIssues, createSessionBody, type ErrorBody, type FieldIssue } from "@downhill/core";
import { playableChallenge } from "./playableChallenge.ts";
import { roundRules, roundRulesData, type RoundRulesData } from "./roundRules.ts";
import { SessionError } from "./SessionError.ts";

/** An answer lists at most this many fields of a refused challenge. */
export const MAX_FIELD_ISSUES = 20;

/** A new session's first round, ready to store and play. */
export interface PreparedSession {
  readonly rules: RoundRulesData;
  /** The challenge as stored: JSON.stringify(rules.challenge). */
  readonly challengeJson: string;
}

/** Why a body cannot make a session: an answer 400 with this error (and the fields of a refused challenge). */
export interface SessionRefusal extends ErrorBody {
  readonly fields?: readonly FieldIssue[];
}

export type PreparedOrRefused =
  | { readonly type: "prepared"; readonly session: PreparedSession }
  | { readonly type: "refused"; readonly error: SessionRefusal };

/** The session a POST /api/sessions body (its bytes, as sent) asks for, or why it cannot have one. */
export function prepareSession(bytes: Uint8Array): PreparedOrRefused {
  const refused = (error: SessionRefusal): PreparedOrRefused => ({ type: "refused", error });
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 200) : "";
    return refused({ code: "invalid_payload", message: `the body is not valid JSON: ${reason}` });
  }
  const parsed = createSessionBody.safeParse(body);
  if (!parsed.success) {
    // The same words, field by field, as the builder shows beside its inputs (core's challengeIssues).
    const fields =
      typeof body === "object" && body !== null && "challenge" in body ? challengeIssues(body.challenge) : [];
    if (fields.length === 0) return refused({ code: "invalid_payload", message: "the body is { challenge: {…} }" });
    const error = challengeError(fields);
    return refused({ code: error.code, message: error.message, fields: error.fields.slice(0, MAX_FIELD_ISSUES) });
  }
  try {
    const { challenge, problem } = playableChallenge(parsed.data.challenge);
    const rules = roundRulesData(roundRules(1, challenge, problem));
    return { type: "prepared", session: { rules, challengeJson: JSON.stringify(challenge) } };
  } catch (error) {
    if (error instanceof SessionError) return refused({ code: error.code, message: error.message });
    throw error;
  }
}
