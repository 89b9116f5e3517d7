// The composition root: one HTTP server carrying Socket.IO, the HTTP API and (in production) the Next.js pages.
// Tests build it with a real store on port 0; main.ts builds it with the real configuration.
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Clock } from "./clock.ts";
import { ClusterGateway } from "./cluster/ClusterGateway.ts";
import { createRedisClient, withTimeout, type RedisClient } from "./cluster/redis.ts";
import type { Config } from "./config.ts";
import { joinReach, lanAddresses } from "./joinReach.ts";
import { handleApi } from "./http/api.ts";
import { createSessionHandler, type RequestHandler } from "./http/createSession.ts";
import { Broadcaster, rooms } from "./live/Broadcaster.ts";
import { Classroom } from "./live/Classroom.ts";
import { ReplayPool } from "./live/ReplayPool.ts";
import { Retention } from "./live/Retention.ts";
import type { Logger } from "./log.ts";
import { Metrics } from "./ops/Metrics.ts";
import { handleOperations } from "./ops/operations.ts";
import { LocalGateway } from "./sessions/LocalGateway.ts";
import type { SessionGateway } from "./sessions/SessionGateway.ts";
import { ConnectionsWithoutCredential, type EngineConnection } from "./socket/ConnectionsWithoutCredential.ts";
import { registerHandlers } from "./socket/registerHandlers.ts";
import type { DownhillServer } from "./socket/types.ts";
import type { Store } from "./store/Store.ts";

/**
 * The largest socket message: no event carries a CSV any more (sessions are created over HTTP), and the largest
 * legitimate one, a run:finish of MAX_PARAMS (2,048) parameters of up to 24 characters, is about 51 KB of JSON.
 * Socket.IO closes the connection of a larger message at its frame header, before reading or parsing it.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;

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
  /** The sessions this process holds in memory: all of them on one server, the ones it owns in a cluster. */
  readonly classroom: Classroom;
  readonly gateway: SessionGateway;
  /** Listens on the port (0 for any free one) and resolves with the port. */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, lets queued writes commit, closes sockets and the HTTP server. The store stays open. */
  close(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { store, clock, logger, config } = deps;
  let baseUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  // The join link on the projector must work from students' devices: without PUBLIC_URL it uses the address the
  // host's own browser reached this server at (a classroom LAN address, say), per session.
  const hostOrigins = new Map<string, string>();
  const joinUrlFor = (code: string) =>
    `${(config.PUBLIC_URL ?? hostOrigins.get(code) ?? baseUrl).replace(/\/$/, "")}/play/${code}`;
  const rememberHostOrigin = (code: string, origin: string | undefined) => {
    if (origin && /^https?:\/\/[A-Za-z0-9.:[\]-]+$/.test(origin)) hostOrigins.set(code, origin);
  };
  // Where this process listens, set by listen(): which LAN addresses reach it, on which port.
  let listening = { host: config.HOST, port: config.PORT };
  const joinReachFor = (joinUrl: string) =>
    joinReach(joinUrl, lanAddresses(listening.host, networkInterfaces()), listening.port);

  // Filled in below, once the parts they watch exist; requests arrive only after listen().
  let metrics: Metrics | null = null;
  let createSession: RequestHandler | null = null;
  let draining = false;
  const readinessChecks: Record<string, () => Promise<void>> = { database: () => store.ping() };
  const operations = { metricsToken: config.METRICS_TOKEN, checks: readinessChecks, draining: () => draining };

  const httpServer = createServer((request, response) => {
    handleOperations(request, response, { ...operations, metrics })
      .then((handled) => handled || (createSession?.(request, response) ?? false))
      .then(
        (handled) =>
          handled || handleApi(request, response, { store, logger, clock, forget: (id) => classroom.forget(id) }),
      )
      .then(
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

  // With REDIS_URL, rooms and broadcasts span every server through Redis streams.
  const redis = config.REDIS_URL === undefined ? null : await connectRedis(config.REDIS_URL, logger, clock);
  // What one address may hold before proving a credential: a handshake past the limit is refused.
  const withoutCredential = new ConnectionsWithoutCredential(
    config.CONNECTIONS_WITHOUT_CREDENTIAL_PER_ADDRESS,
    config.TRUST_PROXY === "on",
    clock,
    logger,
  );
  const io: DownhillServer = new Server(httpServer, {
    allowRequest: withoutCredential.allowRequest,
    // Compressing every broadcast for every socket saturates the CPU under fan-out; the payloads are small.
    perMessageDeflate: false,
    httpCompression: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
    ...(redis
      ? {
          adapter: createAdapter(redis.adapter, {
            streamName: "downhill:socket.io",
            channelPrefix: "downhill:socket.io",
          }),
        }
      : {}),
  });

  if (redis) readinessChecks["redis"] = async () => void (await redis.commands.ping());
  // Every Engine.IO connection counts, including one that never opens a Socket.IO socket.
  io.engine.on("connection", (connection: EngineConnection) => withoutCredential.add(connection));

  const replays = new ReplayPool(config.REPLAY_WORKERS, {
    started: (waitedMs) => metrics?.replayWait.observe(waitedMs / 1000),
    finished: (replayMs) => metrics?.replayDuration.observe(replayMs / 1000),
  });
  const classroom = new Classroom({
    store,
    clock,
    logger,
    replay: replays.replay,
    onCommit: (kind, ms) => metrics?.commitLatency.observe({ kind }, ms / 1000),
    endedGraceMs: config.ENDED_SESSION_GRACE_SECONDS * 1000,
    onKicked: (_session, studentId) => {
      io.to(rooms.student(studentId)).emit("student:kicked", {
        message: "The instructor removed you from this session.",
      });
      io.in(rooms.student(studentId)).disconnectSockets(true);
    },
  });
  // The broadcaster ticks the sessions in this process's memory: in a cluster, exactly the ones it owns.
  const broadcaster = new Broadcaster(io, classroom, clock, logger, config.BROADCAST_INTERVAL_MS, joinUrlFor);
  const local = new LocalGateway(classroom, broadcaster, joinUrlFor);
  let gateway: SessionGateway = local;
  if (redis) {
    const cluster = new ClusterGateway({
      io,
      classroom,
      local,
      store,
      logger,
      clock,
      nodeId: config.NODE_ID,
      redis: redis.commands,
      subscriber: redis.subscriber,
    });
    // Takes the leases of the live sessions nobody owns yet, and loads only those.
    await cluster.start();
    logger.info("cluster mode", { nodeId: config.NODE_ID, owned: cluster.leases.codes().length });
    gateway = cluster;
  } else {
    const restored = await classroom.restore();
    if (restored > 0) logger.info("resumed live sessions", { count: restored });
  }
  if (config.METRICS === "on") {
    metrics = new Metrics({
      connectedSockets: () => io.engine.clientsCount,
      liveSessions: () => classroom.size,
      replaysWaiting: () => replays.waiting,
      replaysRunning: () => replays.running,
    });
  }
  createSession = createSessionHandler({
    gateway,
    prepare: replays.prepareSession,
    store,
    clock,
    logger,
    config,
    joinUrlFor,
    rememberHostOrigin,
  });
  registerHandlers({
    io,
    gateway,
    clock,
    logger,
    config,
    joinUrlFor,
    joinReachFor,
    rememberHostOrigin,
    withoutCredential,
    onAck: (event, outcome, seconds) => {
      metrics?.acks.inc({ event, outcome });
      metrics?.ackLatency.observe({ event }, seconds);
    },
  });
  broadcaster.start();
  const retention =
    config.RETENTION_DAYS === undefined
      ? null
      : new Retention({
          store,
          clock,
          logger,
          retentionMs: config.RETENTION_DAYS * 24 * 3600 * 1000,
          forget: (id) => classroom.forget(id),
        });
  retention?.start();

  return {
    httpServer,
    io,
    classroom,
    gateway,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const actual = (httpServer.address() as AddressInfo).port;
          // Node listens on every interface when no host is given.
          listening = { host: host ?? "", port: actual };
          if (!config.PUBLIC_URL) baseUrl = `http://localhost:${actual}`;
          resolve(actual);
        });
      });
    },
    async close() {
      // From now on /readyz says 503, so a load balancer sends new clients elsewhere.
      draining = true;
      broadcaster.stop();
      await retention?.stop();
      // Stop taking new connections and requests first, then let everything acknowledged so far commit.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await gateway.close();
      io.disconnectSockets(true);
      await io.close().catch(() => undefined);
      httpServer.closeAllConnections();
      await closed;
      await replays.close();
      if (redis) await redis.close();
    },
  };
}

interface RedisConnections {
  /** For the Socket.IO adapter, which duplicates it for its reads; commands queue while Redis is down. */
  readonly adapter: RedisClient;
  /** Leases and calls between servers: fails fast while Redis is down. */
  readonly commands: RedisClient;
  readonly subscriber: RedisClient;
  close(): Promise<void>;
}

async function connectRedis(url: string, logger: Logger, clock: Clock): Promise<RedisConnections> {
  const adapter = createRedisClient(url, logger, clock, "adapter", false);
  const commands = createRedisClient(url, logger, clock, "commands", true);
  const subscriber = createRedisClient(url, logger, clock, "subscriber", false);
  const all = [adapter, commands, subscriber];
  try {
    await withTimeout(clock, Promise.all(all.map((client) => client.connect())), 10_000);
  } catch (error) {
    all.forEach((client) => client.destroy());
    throw new Error(`cannot connect to REDIS_URL (${url.replace(/\/\/[^@]*@/, "//")}): ${String(error)}`);
  }
  return {
    adapter,
    commands,
    subscriber,
    async close() {
      await Promise.all(all.map((client) => withTimeout(clock, client.close(), 1_000).catch(() => client.destroy())));
    },
  };
}
