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
 * Where `at` falls in the round, counted in whole clock seconds as the clock time shows them: "4 min 5 s in",
 * "30 s before the start", "at the start", "at the end", "2 min after the end", or for a round never started,
 * "1 min after the session opened".
 */
export function roundWords(at: number, round: RoundTimes): string {
  const second = (time: number) => Math.floor(time / 1000);
  const words = (seconds: number) => durationWords(seconds * 1000);
  const now = second(at);
  if (round.startedAt === null) {
    const open = now - second(round.createdAt);
    return open <= 0 ? "as the session opened" : `${words(open)} after the session opened`;
  }
  const start = second(round.startedAt);
  const end = round.endedAt === null ? null : second(round.endedAt);
  if (now === start) return "at the start";
  if (now < start) return `${words(start - now)} before the start`;
  if (end !== null && now === end) return "at the end";
  if (end !== null && now > end) return `${words(now - end)} after the end`;
  return `${words(now - start)} in`;
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
