// Starts Downhill: one process serving the Next.js pages on PORT (default 3000).
import { createServer } from "node:http";
import next from "next";

const port = Number(process.env.PORT ?? 3000);
const dev = process.env.NODE_ENV !== "production";
const nextApp = next({ dev, dir: process.cwd() });
const handle = nextApp.getRequestHandler();

await nextApp.prepare();
createServer((request, response) => void handle(request, response)).listen(port, () => {
  console.log(JSON.stringify({ level: "info", msg: "listening", url: `http://localhost:${port}` }));
});
