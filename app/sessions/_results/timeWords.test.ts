import { describe, expect, it } from "vitest";
import { clockTime, durationWords, momentWords, roundWords } from "./timeWords.ts";

const T0 = Date.UTC(2026, 11, 5, 12, 0, 0);
const s = (seconds: number) => T0 + seconds * 1000;
const ROUND = { createdAt: s(-120), startedAt: s(0), endedAt: s(600) };

describe("durationWords", () => {
  it("says seconds under a minute, minutes and seconds under an hour, hours and minutes beyond", () => {
    expect(durationWords(0)).toBe("0 s");
    expect(durationWords(45_400)).toBe("45 s");
    expect(durationWords(240_000)).toBe("4 min");
    expect(durationWords(245_000)).toBe("4 min 5 s");
    expect(durationWords(3_600_000)).toBe("1 h");
    expect(durationWords(3_600_000 + 4 * 60_000 + 30_000)).toBe("1 h 4 min");
  });
});

describe("roundWords", () => {
  it("places a moment before, at, within and after the round", () => {
    expect(roundWords(s(-30), ROUND)).toBe("30 s before the start");
    expect(roundWords(s(0.2), ROUND)).toBe("at the start");
    expect(roundWords(s(245), ROUND)).toBe("4 min 5 s in");
    expect(roundWords(s(599.9), ROUND)).toBe("9 min 59 s in");
    expect(roundWords(s(600.3), ROUND)).toBe("at the end");
    expect(roundWords(s(720), ROUND)).toBe("2 min after the end");
  });

  it("counts whole seconds of the clock, so the words agree with the clock time shown", () => {
    // Started at 12:00:00.700: at 12:00:01.100 the clock reads one second later, though 0.4 s have passed.
    const late = { createdAt: s(-5), startedAt: s(0.7), endedAt: null };
    expect(roundWords(s(1.1), late)).toBe("1 s in");
    expect(roundWords(s(0.999), late)).toBe("at the start");
    expect(roundWords(s(-0.1), late)).toBe("1 s before the start");
  });

  it("counts from the session's opening when the round never started", () => {
    const lobby = { createdAt: s(0), startedAt: null, endedAt: null };
    expect(roundWords(s(0), lobby)).toBe("as the session opened");
    expect(roundWords(s(90), lobby)).toBe("1 min 30 s after the session opened");
  });
});

describe("momentWords", () => {
  it("gives the clock time to the second in the time zone, then where it falls in the round", () => {
    expect(clockTime(s(183), "UTC")).toBe("12:03:03");
    expect(momentWords(s(240), ROUND, "UTC")).toBe("12:04:00 (4 min in)");
    expect(momentWords(s(240), ROUND, "Europe/Paris")).toBe("13:04:00 (4 min in)");
  });
});
