// A Socket.IO parser for the simulated students: wire-compatible with the default one, but it drops the
// coalesced broadcasts (chart, leaderboard, state, roster) without JSON-parsing them. A browser parses them
// for its one student; the bench would otherwise spend most of its CPU parsing them for thousands.
import { Decoder, Encoder } from "socket.io-parser";

/** Event packets of the default namespace reach the decoder as `2["<name>",...]` (engine.io strips its 4). */
const SKIPPED_PREFIXES = [
  '2["chart:update"',
  '2["leaderboard:update"',
  '2["leaderboard:rank"',
  '2["session:state"',
  '2["roster:update"',
];

export interface SkipTally {
  packets: number;
  chars: number;
}

/** A parser whose decoder counts broadcast packets into `tally` and forgets them. */
export function skipBroadcastParser(tally: SkipTally): { Encoder: typeof Encoder; Decoder: typeof Decoder } {
  class SkippingDecoder extends Decoder {
    override add(packet: unknown): void {
      if (typeof packet === "string" && packet.startsWith('2["')) {
        for (const prefix of SKIPPED_PREFIXES) {
          if (packet.startsWith(prefix)) {
            tally.packets++;
            tally.chars += packet.length;
            return;
          }
        }
      }
      super.add(packet);
    }
  }
  return { Encoder, Decoder: SkippingDecoder };
}
