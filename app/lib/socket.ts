"use client";
// The browser's one Socket.IO connection, typed with the shared protocol. `call` is the headless client's
// `callOver` on it: an event out, its acknowledgement back, and an error ack instead when the socket is down or no
// answer comes in time, so a page never waits forever on a lost connection.
import { callOver, type CallFn } from "@downhill/client";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@downhill/core";

export type DownhillClient = Socket<ServerToClientEvents, ClientToServerEvents>;

let client: DownhillClient | null = null;

/** The page's socket, created on first use; it reconnects by itself after a drop or a server restart. */
export function getSocket(): DownhillClient {
  client ??= io({
    // WebSocket only: no sticky sessions needed behind a load balancer, no polling fallback to keep in step.
    transports: ["websocket"],
    reconnectionDelay: 500,
    reconnectionDelayMax: 3_000,
  });
  return client;
}

/**
 * Sends an event over the page's socket and resolves with its acknowledgement; never rejects. Nothing is queued
 * while the socket is down (the answer is an error ack at once), so a command never goes out late, after the page
 * already reported it failed.
 */
export const call: CallFn = (event, payload, timeoutMs) => callOver(getSocket(), event, payload, timeoutMs);
