// Entry of the engine worker thread: registers tsx in this thread, then loads the TypeScript worker. A worker
// thread does not reliably inherit the parent's loader hooks, under the server or under the test runner.
import { register } from "tsx/esm/api";

register();
await import("./engineWorker.ts");
