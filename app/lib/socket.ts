"use client";
// The browser's one Socket.IO connection, typed with the shared protocol. `call` turns an event and its
// acknowledgement into a promise, with a timeout so a page never waits forever on a lost connection.
import { io, type Socket } from "socket.io-client";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "@downhill/core";

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

type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type Reply<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** Sends an event and resolves with its acknowledgement, or with a "timeout" error ack. */
export function call<E extends keyof ClientToServerEvents>(
  event: E,
  payload: Payload<E>,
  timeoutMs = 10_000,
): Promise<Reply<E>> {
  // socket.io-client's typings cannot follow a generic event name through timeout(); the payload and reply
  // types above are what this function promises.
  const timed = getSocket().timeout(timeoutMs) as unknown as {
    emit(event: string, payload: unknown, callback: (error: Error | null, reply: Ack) => void): void;
  };
  return new Promise((resolve) => {
    timed.emit(event, payload, (error, reply) => {
      resolve(
        (error
          ? {
              ok: false,
              error: { code: "internal", message: "the server did not answer in time; check your connection" },
            }
          : reply) as Reply<E>,
      );
    });
  });
}
