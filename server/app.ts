// The composition root: one HTTP server carrying Socket.IO, the HTTP API and (in production) the Next.js pages.
// Tests build it with a real store on port 0; main.ts builds it with the real configuration.
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import { handleApi } from "./http/api.ts";
import { Broadcaster, rooms } from "./live/Broadcaster.ts";
import { Classroom } from "./live/Classroom.ts";
import { ReplayPool } from "./live/ReplayPool.ts";
import type { Logger } from "./log.ts";
import { registerHandlers } from "./socket/registerHandlers.ts";
import type { DownhillServer } from "./socket/types.ts";
import type { Store } from "./store/Store.ts";

/**
 * The largest legitimate message is session:create with an instructor's CSV: 5,000 rows of up to 9 numbers
 * of up to 24 characters, about 1.1 MB of JSON. Anything larger is refused by Socket.IO itself.
 */
export const MAX_MESSAGE_BYTES = 1_500_000;

export interface AppDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Config;
  /** Serves every request that is neither Socket.IO nor /api (the Next.js pages); 404 when absent. */
  readonly pageHandler?: (request: IncomingMessage, response: ServerResponse) => void;
}

export interface App {
  readonly httpServer: HttpServer;
  readonly io: DownhillServer;
  readonly classroom: Classroom;
  /** Listens on the port (0 for any free one) and resolves with the port. */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, lets queued writes commit, closes sockets and the HTTP server. The store stays open. */
  close(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { store, clock, logger, config } = deps;
  let baseUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  const joinUrlFor = (code: string) => `${baseUrl.replace(/\/$/, "")}/play/${code}`;

  const httpServer = createServer((request, response) => {
    handleApi(request, response, { store, logger, clock }).then(
      (handled) => {
        if (handled) return;
        if (deps.pageHandler) {
          deps.pageHandler(request, response);
        } else {
          response.writeHead(404, { "content-type": "application/json" });
          response.end(JSON.stringify({ error: { code: "not_found", message: "no such page" } }));
        }
      },
      (error: unknown) => {
        logger.error("request failed", { url: request.url, error });
        if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { code: "internal", message: "something went wrong on the server" } }));
      },
    );
  });

  const io: DownhillServer = new Server(httpServer, {
    // Compressing every broadcast for every socket saturates the CPU under fan-out; the payloads are small.
    perMessageDeflate: false,
    httpCompression: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
  });

  const replays = new ReplayPool();
  const classroom = new Classroom({
    store,
    clock,
    logger,
    replay: replays.replay,
    onKicked: (_session, studentId) => {
      io.to(rooms.student(studentId)).emit("student:kicked", {
        message: "The instructor removed you from this session.",
      });
      io.in(rooms.student(studentId)).disconnectSockets(true);
    },
  });
  const restored = await classroom.restore();
  if (restored > 0) logger.info("resumed live sessions", { count: restored });

  const broadcaster = new Broadcaster(io, classroom, clock, logger, config.BROADCAST_INTERVAL_MS, joinUrlFor);
  registerHandlers({ io, classroom, broadcaster, clock, logger, config, joinUrlFor });
  broadcaster.start();

  return {
    httpServer,
    io,
    classroom,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const actual = (httpServer.address() as AddressInfo).port;
          if (!config.PUBLIC_URL) baseUrl = `http://localhost:${actual}`;
          resolve(actual);
        });
      });
    },
    async close() {
      broadcaster.stop();
      // Stop taking new connections and requests first, then let everything acknowledged so far commit.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await classroom.close();
      io.disconnectSockets(true);
      await io.close().catch(() => undefined);
      httpServer.closeAllConnections();
      await closed;
      await replays.close();
    },
  };
}
