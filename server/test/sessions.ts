// Sessions for the live server's integration tests: created over HTTP as an instructor does, with a host socket
// attached, students joined, and one running session for a whole test file.
import {
  CREATE_SESSION_PATH,
  PROTOCOL_VERSION,
  type AckOf,
  type ChallengeInput,
  type PayloadOf,
  type SessionCreated,
} from "@downhill/core";
import { beforeAll } from "vitest";
import { call, connect, expectOk, type OkAck, type TestSocket } from "./clients.ts";
import { madeBeforeAll, serverForFile, type StartOptions, type TestServer } from "./servers.ts";

export interface Host {
  readonly socket: TestSocket;
  readonly created: SessionCreated;
  /** Sends a host command with the session's host token and resolves with the acknowledgement. */
  command(command: PayloadOf<"host:command">["command"]): Promise<AckOf<"host:command">>;
}

/** What `POST /api/sessions` answered: its status, headers and JSON body (null when the body is not JSON). */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * POSTs a body to `/api/sessions` as a hand-written client would: `body` is sent as it is when it is a string,
 * as JSON otherwise; `headers` go over the JSON content type (and the instructor key as a Bearer token).
 */
export async function postSession(
  url: string,
  body: unknown,
  options: { instructorKey?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const response = await fetch(new URL(CREATE_SESSION_PATH, url), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.instructorKey ? { authorization: `Bearer ${options.instructorKey}` } : {}),
      ...options.headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the test sees null.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Creates a session over HTTP; throws with the server's error when it is not created. */
export async function postChallenge(
  url: string,
  challenge: ChallengeInput,
  options: { instructorKey?: string; headers?: Record<string, string> } = {},
): Promise<SessionCreated> {
  const answer = await postSession(url, { challenge }, options);
  if (answer.status !== 201) throw new Error(`expected 201, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as SessionCreated;
}

/** Creates a session (POST /api/sessions) and attaches a host socket to it. */
export async function createSession(url: string, challenge: ChallengeInput, instructorKey?: string): Promise<Host> {
  const created = await postChallenge(url, challenge, instructorKey ? { instructorKey } : {});
  const socket = await connect(url);
  expectOk(
    await call(socket, "host:attach", {
      code: created.code,
      hostToken: created.hostToken,
      protocolVersion: PROTOCOL_VERSION,
    }),
  );
  return {
    socket,
    created,
    command: (command) => call(socket, "host:command", { code: created.code, hostToken: created.hostToken, command }),
  };
}

export interface Student {
  readonly socket: TestSocket;
  readonly joined: OkAck<AckOf<"student:join">>;
}

/** Connects a student and joins the session with this code (with a token: rejoins as that student). */
export async function joinStudent(url: string, code: string, name: string, studentToken?: string): Promise<Student> {
  const socket = await connect(url);
  const joined = expectOk(
    await call(socket, "student:join", {
      code,
      name,
      protocolVersion: PROTOCOL_VERSION,
      ...(studentToken ? { studentToken } : {}),
    }),
  );
  return { socket, joined };
}

export interface RunningSession {
  readonly server: TestServer;
  /** The host of the one session, already started. */
  readonly host: Host;
  /** Joins a student under a name not used before in the file, so each test has its own attempts. */
  readonly student: () => Promise<Student>;
}

/**
 * A server for every test of the file with one session of `challenge` on it (created with `instructorKey` when
 * given), started before the first test, as a classroom is once the host pressed Start.
 */
export function runningSession(
  challenge: ChallengeInput,
  options: StartOptions & { readonly instructorKey?: string } = {},
): RunningSession {
  const server = serverForFile(options);
  let host: Host | undefined;
  let joined = 0;
  beforeAll(async () => {
    host = await createSession(server.url, challenge, options.instructorKey);
    expectOk(await host.command({ type: "start" }));
  });
  const madeHost = madeBeforeAll("the file's session", () => host);
  return {
    server,
    host: madeHost,
    student: () => joinStudent(server.url, madeHost.created.code, `Student${++joined}`),
  };
}
