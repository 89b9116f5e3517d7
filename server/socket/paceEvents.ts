// A socket's events, paced: every inbound event, known or not, passes the socket's token bucket in the order it
// arrived. Past the rate it waits for the bucket's next token, never refused (a joined student's progress carries a
// valid credential); an unknown event waits too, so it neither overtakes the events sent before it nor goes around
// the rate. What a socket keeps waiting is bounded in count and in bytes: past either bound it is disconnected, and
// its waiting events get no answer.
import type { Logger } from "../log.ts";
import type { TokenBucket } from "../rateLimit.ts";
import type { DownhillSocket } from "./types.ts";

/**
 * An event past its socket's rate waits its turn, never refused (a joined student's progress carries a valid
 * credential); a socket that keeps more than this many events waiting is disconnected, unanswered. A page waits for
 * each batch's answer before it sends the next, so it has a few events in flight; 100 is two seconds of events at
 * the default rate, on top of the bucket's burst of two seconds more.
 */
export const MAX_EVENTS_WAITING = 100;
/**
 * A socket whose waiting events hold more than this many bytes (each counted as the length of its JSON) is
 * disconnected, unanswered, as past the count: a message may be 64 KiB, so the count alone would let one socket
 * hold 6.4 MB. 256 KiB is four of the largest messages a page sends (a `run:finish` of 2,048 parameters, about
 * 51 KB), and a page never has events waiting at all.
 */
export const MAX_BYTES_WAITING = 256 * 1024;
/**
 * The same bound for a socket that has not proved a credential yet, which has nothing to send but a join or an
 * attach of a few hundred bytes: what an address holds in connections without a credential stays small.
 */
export const MAX_BYTES_WAITING_WITHOUT_CREDENTIAL = 16 * 1024;
/** A Socket.IO packet as a middleware sees it: the event's name, its arguments, and its ack callback last. */
type Packet = Parameters<Parameters<DownhillSocket["use"]>[0]>[0];

/** What a client passed last with its event: the callback Socket.IO's acknowledgement calls, when it is one. */
export function isAckCallback(value: unknown): value is (reply: unknown) => void {
  return typeof value === "function";
}

export interface Pacing {
  readonly bucket: TokenBucket;
  readonly logger: Logger;
  readonly address: string;
  /** The byte bound now: it depends on whether the socket has proved a credential. */
  readonly maxBytesWaiting: () => number;
  /** Told when each event with an ack callback arrived (wall time, for the metrics), before it waits. */
  readonly arrived: (ack: (reply: unknown) => void, at: number) => void;
  /** Lets the event through, once its turn has come. */
  readonly pass: (packet: Packet, next: () => void) => void;
}

/** Installs the socket's pacing middleware. */
export function paceEvents(
  socket: DownhillSocket,
  { bucket, logger, address, maxBytesWaiting, arrived, pass }: Pacing,
): void {
  let eventsWaiting = 0;
  let bytesWaiting = 0;
  /** The last of this socket's events waiting for a token: each waits behind the one before, so order holds. */
  let lastWaiting = Promise.resolve();
  socket.use((packet, next) => {
    if (socket.disconnected) return;
    const ack: unknown = packet[packet.length - 1];
    // Wall time on purpose, not the injected clock: this measures the server, for the metrics, from the moment
    // the event arrived, so that the time it waits for the socket's rate counts in its latency.
    if (isAckCallback(ack)) arrived(ack, performance.now());
    if (eventsWaiting === 0 && bucket.take()) {
      pass(packet, next);
      return;
    }
    if (eventsWaiting >= MAX_EVENTS_WAITING) {
      logger.warn("disconnecting a socket that keeps too many events waiting", { socketId: socket.id, address });
      socket.disconnect(true);
      return;
    }
    // Measured only for an event that must wait: a page's events never do.
    const bytes = Buffer.byteLength(JSON.stringify(packet));
    if (bytesWaiting + bytes > maxBytesWaiting()) {
      logger.warn("disconnecting a socket that keeps too many bytes waiting", { socketId: socket.id, address });
      socket.disconnect(true);
      return;
    }
    eventsWaiting++;
    bytesWaiting += bytes;
    const wanted = () => socket.connected;
    lastWaiting = lastWaiting
      .then(async () => {
        await bucket.turn(wanted);
        eventsWaiting--;
        bytesWaiting -= bytes;
        if (socket.connected) pass(packet, next);
      })
      // Never expected; caught so that the events behind it still pass and no rejection goes unhandled.
      .catch((error: unknown) =>
        logger.error("an event failed to pass the rate limit", { socketId: socket.id, error }),
      );
  });
}
