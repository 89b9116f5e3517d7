// The headless student client's public surface: an explicit list, no `export *`.
export { Outbox, SEAL_AFTER_MS, SEAL_EPOCHS, type OutboxState, type ProgressBatch } from "./Outbox.ts";
export { RunStream, type CallFn, type RunStreamOptions, type StreamEnd } from "./RunStream.ts";
export {
  CALL_TIMEOUT_MS,
  JOIN_TIMEOUT_MS,
  callOver,
  isCallOf,
  type CallAcked,
  type CallObserver,
  type CallSent,
  type CallUnanswered,
  type ObservedCall,
} from "./callOver.ts";
export { StudentClient, type ClientSocket, type StreamOptions, type StudentClientOptions } from "./StudentClient.ts";
