// One happening of a past session in a plain sentence, for the review's timeline. Formatting only: what happened,
// and every number, come from @downhill/core's sessionTimeline.
import type { Happening } from "@downhill/core";
import { formatBatch, formatLoss, formatLr } from "../../components/class/format.ts";
import { OPTIMIZER_LABELS } from "../../components/class/palette.ts";
import { durationWords } from "./timeWords.ts";

/** 1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, ... 21st, 22nd, ... */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  const last = n % 10;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  return `${n}${last === 1 ? "st" : last === 2 ? "nd" : last === 3 ? "rd" : "th"}`;
}

function eventText(event: string, name: string, seconds: number | null, on: boolean | null, why: string | null) {
  switch (event) {
    case "created":
      return "The session was created";
    case "joined":
      return `${name} joined`;
    case "kicked":
      return `The host removed ${name}`;
    case "started":
      return "The host started the round";
    case "paused":
      return "The host paused the round";
    case "resumed":
      return "The host resumed the round";
    case "extended":
      return seconds === null ? "The host extended the round" : `The host added ${durationWords(seconds * 1000)}`;
    case "locked":
      return "The host locked joining";
    case "unlocked":
      return "The host opened joining again";
    case "anonymized":
      return on === false ? "The host showed names again" : "The host hid names";
    case "revealed":
      return "The host revealed the final ranking";
    case "ended":
      return why ? `The round ended: ${why}` : "The round ended";
    case "round":
      // The review shows one round at a time: the event that begins it opens its timeline.
      return "The host opened this round for the class";
    default:
      return `The session recorded "${event}"`;
  }
}

/** The happening as one sentence, e.g. "Ada's attempt 2 verified: loss 0.01234, now 1st". */
export function happeningText(happening: Happening): string {
  switch (happening.kind) {
    case "event":
      return eventText(happening.event, happening.name ?? "a student", happening.seconds, happening.on, happening.why);
    case "run-started":
      return (
        `${happening.name} started attempt ${happening.attempt}: ${OPTIMIZER_LABELS[happening.optimizer]}, ` +
        `lr ${formatLr(happening.lr)}, ${formatBatch(happening.batchSize)}`
      );
    case "run-closed": {
      const run = `${happening.name}'s attempt ${happening.attempt}`;
      switch (happening.status) {
        case "verified":
          return (
            `${run} verified: loss ${formatLoss(happening.loss)}` +
            (happening.rank === null ? "" : `, now ${ordinal(happening.rank)}`)
          );
        case "diverged":
          return happening.divergedAt === null ? `${run} diverged` : `${run} diverged at epoch ${happening.divergedAt}`;
        case "rejected":
          return `${run} was rejected${happening.reason ? `: ${happening.reason}` : ""}`;
        case "unfinished":
          return `${run} was not finished${happening.reason ? `: ${happening.reason}` : ""}`;
      }
    }
  }
}
