"use client";
// The browser's one Socket.IO connection, typed with the shared protocol. `call` turns an event and its
// acknowledgement into a promise, with a timeout so a page never waits forever on a lost connection.
import { io, type Socket } from "socket.io-client";
import type { AckOf, ClientEvent, ClientToServerEvents, PayloadOf, ServerToClientEvents } from "@downhill/core";

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

/** Sends an event and resolves with its acknowledgement, or with a "timeout" error ack. */
export function call<E extends ClientEvent>(event: E, payload: PayloadOf<E>, timeoutMs = 10_000): Promise<AckOf<E>> {
  // socket.io-client's typings cannot follow a generic event name through timeout(); core's event table types
  // the payload and the acknowledgement instead.
  const untyped: Socket = getSocket();
  return new Promise((resolve) => {
    untyped.timeout(timeoutMs).emit(event, payload, (error: Error | null, reply: AckOf<E>) => {
      resolve(
        error
          ? {
              ok: false,
              error: { code: "internal", message: "the server did not answer in time; check your connection" },
            }
          : reply,
      );
    });
  });
}
