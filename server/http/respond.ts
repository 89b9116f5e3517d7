// How the HTTP API answers: JSON (or CSV) that is never cached, and errors as { error: { code, message } }.
import type { ServerResponse } from "node:http";
import type { ErrorCode, FieldIssue } from "@downhill/core";

/** A refusal with its HTTP status; thrown by a handler and answered by `sendError`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly options: {
      /** The fields of a refused challenge, each with what is wrong with it. */
      readonly fields?: readonly FieldIssue[];
      readonly headers?: Readonly<Record<string, string>>;
    } = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function send(response: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  response.writeHead(status, { "cache-control": "no-store", ...headers });
  response.end(body);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(response, status, JSON.stringify(body), { "content-type": "application/json; charset=utf-8", ...headers });
}

export function sendError(response: ServerResponse, error: HttpError): void {
  const { fields, headers } = error.options;
  const body = { error: { code: error.code, message: error.message, ...(fields ? { fields } : {}) } };
  sendJson(response, error.status, body, { ...headers });
}
