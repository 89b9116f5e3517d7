// A free TCP port for a server a test or benchmark starts itself. No dependencies, so the server's tests, the
// cluster tests, the browser tests and the benchmarks can all use it.
import { createServer } from "node:net";

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
