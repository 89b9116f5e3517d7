// A moment of a past session in plain words: its clock time and where it falls in the round, "12:03:05 (4 min 5 s
// in)". Formatting only; the times come from the server.

/** A duration in words: "45 s", "4 min", "4 min 5 s", "1 h 4 min", rounded to the second. */
export function durationWords(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) {
    const rest = seconds % 60;
    return rest === 0 ? `${Math.floor(seconds / 60)} min` : `${Math.floor(seconds / 60)} min ${rest} s`;
  }
  const minutes = Math.floor((seconds % 3600) / 60);
  const hours = Math.floor(seconds / 3600);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

export interface RoundTimes {
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

/**
 * Where `at` falls in the round: "4 min 5 s in", "30 s before the start", "at the start", "2 min after the end", or
 * for a round never started, "1 min after the session opened".
 */
export function roundWords(at: number, round: RoundTimes): string {
  const near = (a: number, b: number) => Math.round((a - b) / 1000) === 0;
  if (round.startedAt === null) {
    return near(at, round.createdAt)
      ? "as the session opened"
      : `${durationWords(at - round.createdAt)} after the session opened`;
  }
  if (round.endedAt !== null && at > round.endedAt) {
    return near(at, round.endedAt) ? "at the end" : `${durationWords(at - round.endedAt)} after the end`;
  }
  if (near(at, round.startedAt)) return "at the start";
  if (at < round.startedAt) return `${durationWords(round.startedAt - at)} before the start`;
  return `${durationWords(at - round.startedAt)} in`;
}

/** The clock time of `at` in the viewer's time zone (or `timeZone`), to the second: "12:03:05". */
export function clockTime(at: number, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    ...(timeZone ? { timeZone } : {}),
  }).format(at);
}

/** "12:03:05 (4 min 5 s in)". */
export function momentWords(at: number, round: RoundTimes, timeZone?: string): string {
  return `${clockTime(at, timeZone)} (${roundWords(at, round)})`;
}
