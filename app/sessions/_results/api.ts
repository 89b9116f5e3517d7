"use client";
// Reads the HTTP API for past sessions: with the instructor key this browser keeps, or a share token from a
// read-only link. The shapes are the wire protocol's (packages/core/src/protocol/results.ts).
import type { ResultRun, SessionResults, SessionSummary } from "@downhill/core";

export type { ResultRun, SessionResults, SessionSummary };

export interface Access {
  readonly key: string | null;
  readonly share: string | null;
}

export type Fetched<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly message: string };

/**
 * The URL of a session API path, with the share token when the page was opened from a read-only link, and the round
 * asked for (the current one without it).
 */
export function apiUrl(path: string, access: Access, round?: number): string {
  const query = new URLSearchParams();
  if (access.share && !access.key) query.set("share", access.share);
  if (round !== undefined) query.set("round", String(round));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

function headers(access: Access): HeadersInit {
  return access.key ? { authorization: `Bearer ${access.key}` } : {};
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON: fall back to the status line.
  }
  return `the server answered ${response.status} ${response.statusText}`;
}

/** GETs a JSON API path; never throws. */
export async function getJson<T>(path: string, access: Access, round?: number): Promise<Fetched<T>> {
  try {
    const response = await fetch(apiUrl(path, access, round), { headers: headers(access), cache: "no-store" });
    if (!response.ok) return { ok: false, message: await errorMessage(response) };
    return { ok: true, data: (await response.json()) as T };
  } catch {
    return { ok: false, message: "the server could not be reached; check your connection" };
  }
}

/** Fetches an export with the Authorization header and hands it to the browser as a file download. */
export async function download(path: string, filename: string, access: Access, round?: number): Promise<string | null> {
  try {
    const response = await fetch(apiUrl(path, access, round), { headers: headers(access), cache: "no-store" });
    if (!response.ok) return await errorMessage(response);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return null;
  } catch {
    return "the download failed; check your connection";
  }
}

/** Deletes a session with the instructor key; resolves with null, or with why it failed. Never throws. */
export async function deleteSession(sessionId: string, access: Access): Promise<string | null> {
  try {
    const response = await fetch(`/api/sessions/${sessionId}`, { method: "DELETE", headers: headers(access) });
    return response.ok ? null : await errorMessage(response);
  } catch {
    return "the server could not be reached; check your connection";
  }
}
