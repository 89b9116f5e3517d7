// The operator's endpoints, outside /api: GET /healthz (the process is alive), GET /readyz (it can serve: the
// database and, in a cluster, Redis answer, and it is not draining after SIGTERM) and GET /metrics (Prometheus).
import type { IncomingMessage, ServerResponse } from "node:http";
import { hashToken, tokenMatches } from "../tokens.ts";
import type { Metrics } from "./Metrics.ts";

export interface OperationsDeps {
  /** Null when METRICS=off: /metrics answers 404. */
  readonly metrics: Metrics | null;
  /** When set, /metrics wants `Authorization: Bearer <token>`. */
  readonly metricsToken: string | undefined;
  /** Each dependency's check; resolves when it answers, rejects when it does not. */
  readonly checks: Readonly<Record<string, () => Promise<void>>>;
  /** True from SIGTERM on: a load balancer should stop sending new clients here. */
  readonly draining: () => boolean;
}

/** How long a readiness check may take before it counts as failed. */
export const READY_CHECK_TIMEOUT_MS = 2_000;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

/** "ok", or why the check failed; a check that hangs fails after READY_CHECK_TIMEOUT_MS. */
async function outcome(check: () => Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${READY_CHECK_TIMEOUT_MS} ms`), READY_CHECK_TIMEOUT_MS);
  });
  const answer = check().then(
    () => "ok",
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Handles /healthz, /readyz and /metrics; resolves false for any other path. */
export async function handleOperations(
  request: IncomingMessage,
  response: ServerResponse,
  deps: OperationsDeps,
): Promise<boolean> {
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  if (path !== "/healthz" && path !== "/readyz" && path !== "/metrics") return false;
  if (request.method !== "GET" && request.method !== "HEAD") {
    sendJson(response, 405, { error: { code: "method_not_allowed", message: `${path} answers GET only` } });
    return true;
  }
  if (path === "/healthz") {
    sendJson(response, 200, { ok: true });
    return true;
  }
  if (path === "/readyz") {
    const names = Object.keys(deps.checks);
    const results = await Promise.all(names.map((name) => outcome(deps.checks[name]!)));
    const checks = Object.fromEntries(names.map((name, index) => [name, results[index]!]));
    const draining = deps.draining();
    const ready = !draining && results.every((result) => result === "ok");
    sendJson(response, ready ? 200 : 503, { ok: ready, draining, checks });
    return true;
  }
  if (!deps.metrics) {
    sendJson(response, 404, { error: { code: "not_found", message: "metrics are off on this server (METRICS=off)" } });
    return true;
  }
  if (deps.metricsToken !== undefined) {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? "");
    if (!match || !tokenMatches(match[1]!, hashToken(deps.metricsToken))) {
      sendJson(response, 401, {
        error: { code: "unauthorized", message: "send the metrics token as Authorization: Bearer <METRICS_TOKEN>" },
      });
      return true;
    }
  }
  const { contentType, body } = await deps.metrics.text();
  response.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
  response.end(body);
  return true;
}
