import { describe, expect, it } from "vitest";
import {
  groupedInstructorKey,
  instructorKeyInFragment,
  instructorKeyLink,
  readInstructorKey,
} from "./instructorKey.ts";

// A key as the server issues them: 32 random bytes in url-safe base64.
const KEY = "q3E_9-xZ0aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567";

describe("instructor keys carried to another device", () => {
  it("reads the key back from the link it makes", () => {
    const link = instructorKeyLink("https://class.example:3000", KEY);
    expect(link).toBe(`https://class.example:3000/sessions#key=${KEY}`);
    expect(readInstructorKey(link)).toEqual({ ok: true, key: KEY });
  });

  it("reads the key typed in groups of four, with any spacing", () => {
    const grouped = groupedInstructorKey(KEY);
    expect(grouped.split(" ")).toHaveLength(11);
    expect(grouped.split(" ").every((group) => group.length <= 4)).toBe(true);
    expect(readInstructorKey(`  ${grouped.replace(/ /g, "\n ")}  `)).toEqual({ ok: true, key: KEY });
  });

  it("refuses empty input, a link without a key, and characters no key has, saying what to do", () => {
    const messageOf = (text: string) => {
      const read = readInstructorKey(text);
      return read.ok ? null : read.message;
    };
    expect(messageOf("   ")).toMatch(/Paste the link/);
    expect(messageOf("https://class.example/sessions#other=1")).toMatch(/whole link/);
    expect(messageOf(`${KEY.slice(0, 20)}+/=`)).toMatch(/letters, digits/);
    expect(readInstructorKey("short")).toMatchObject({ ok: false });
  });

  it("finds a key only in a fragment that carries a well-formed one", () => {
    expect(instructorKeyInFragment(`#key=${KEY}`)).toBe(KEY);
    expect(instructorKeyInFragment("")).toBeNull();
    expect(instructorKeyInFragment("#key=not a key")).toBeNull();
  });
});
