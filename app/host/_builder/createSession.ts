"use client";
// Creates a session: the builder's challenge goes to `POST /api/sessions` (an uploaded CSV makes it up to about
// 1.1 MB, too much for a socket message), with the instructor's key when this browser has one. A refusal comes
// back with the server's own words, and each refused field with what is wrong with it.
import {
  CREATE_SESSION_PATH,
  type Challenge,
  type CreateSessionBody,
  type ErrorCode,
  type FieldIssue,
  type SessionCreated,
} from "@downhill/core";

/** How long the builder waits for the server: a large CSV takes a moment to upload on a slow network. */
const TIMEOUT_MS = 60_000;

export type CreateOutcome =
  | { readonly ok: true; readonly created: SessionCreated }
  | {
      readonly ok: false;
      readonly code: ErrorCode | "network";
      readonly message: string;
      readonly fields: readonly FieldIssue[];
    };

interface ErrorBody {
  readonly error?: { readonly code?: ErrorCode; readonly message?: string; readonly fields?: readonly FieldIssue[] };
}

export async function createSession(challenge: Challenge, instructorKey: string | null): Promise<CreateOutcome> {
  const body: CreateSessionBody = { challenge };
  let response: Response;
  try {
    response = await fetch(CREATE_SESSION_PATH, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(instructorKey ? { authorization: `Bearer ${instructorKey}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return {
      ok: false,
      code: "network",
      message: "the server could not be reached; check your connection",
      fields: [],
    };
  }
  const json = (await response.json().catch(() => null)) as unknown;
  if (response.status === 201 && json !== null) return { ok: true, created: json as SessionCreated };
  const error = (json as ErrorBody | null)?.error;
  return {
    ok: false,
    code: error?.code ?? "internal",
    // Something between the page and the server (a proxy's size limit, say) may answer without our JSON.
    message: error?.message ?? `the server answered HTTP ${response.status}`,
    fields: error?.fields ?? [],
  };
}
