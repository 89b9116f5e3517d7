// `npm start`: one process serving the Next.js pages, the HTTP API and Socket.IO on PORT (default 3000).
import next from "next";
import { createApp } from "./app.ts";
import { systemClock } from "./clock.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { openStore } from "./store/openStore.ts";

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`downhill: ${error.message}\n`);
  process.exit(2);
}
const logger = createLogger(config.LOG_LEVEL);

const store = await openStore(config.DATABASE_URL, logger);
const pages = config.PAGES === "off" ? null : next({ dev: config.NODE_ENV === "development", dir: process.cwd() });
await pages?.prepare();
const pageHandler = pages?.getRequestHandler();

const app = await createApp({
  store,
  clock: systemClock,
  logger,
  config,
  ...(pageHandler ? { pageHandler: (request, response) => void pageHandler(request, response) } : {}),
});
const port = await app.listen(config.PORT, config.HOST);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info("stopping", { signal });
  await app.close();
  await store.close();
  await pages?.close();
  logger.info("stopped cleanly");
  process.exit(0);
}
// Before "listening": whoever waits for that line may stop the server straight after, and must get a clean stop.
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
logger.info("listening", { url: `http://localhost:${port}`, database: config.DATABASE_URL.split(":")[0] });
