import { describe, expect, it } from "vitest";
import { MAX_NAME_LENGTH, nameSkeleton, normalizeName, studentNameSchema } from "./names.ts";

function reasonOf(raw: string): string {
  const verdict = normalizeName(raw);
  if (verdict.ok) throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
  return verdict.reason;
}

describe("normalizeName", () => {
  it("applies NFKC, trims, and makes runs of white space one space", () => {
    expect(normalizeName("  Ａｄａ\u00A0\u3000 Lovelace ")).toEqual({ ok: true, name: "Ada Lovelace" });
    expect(normalizeName("Ame\u0301lie")).toEqual({ ok: true, name: "Amélie" });
  });

  it("refuses control, format and bidirectional characters", () => {
    for (const raw of [
      "Ada\u200B",
      "Ada\u200D",
      "\u202EadA",
      "Ada\u2066x\u2069",
      "A\u0000da",
      "Ada\u00AD",
      "Ada\uFEFF",
    ]) {
      expect(reasonOf(raw)).toBe("a name may not hold control, format, invisible or text-direction characters");
    }
  });

  it("refuses names with nothing visible", () => {
    expect(reasonOf("")).toBe("type a name");
    for (const raw of [" ", "   ", "\u00A0\u3000"]) {
      expect(reasonOf(raw)).toBe("a name of spaces only is blank; type a letter, digit or symbol");
    }
    for (const raw of ["\u3164", "\u2800\u2800", "\u0301", "\u115F\u1160"]) {
      expect(reasonOf(raw)).toBe("a name needs a visible letter, digit or symbol");
    }
  });

  it(`refuses a name longer than ${MAX_NAME_LENGTH} characters once normalised`, () => {
    expect(normalizeName("x".repeat(MAX_NAME_LENGTH)).ok).toBe(true);
    expect(reasonOf(`${"x".repeat(MAX_NAME_LENGTH)}  y`)).toContain(`at most ${MAX_NAME_LENGTH}`);
  });

  it("accepts names in any script, with emoji", () => {
    for (const raw of ["Ада", "李雷", "Zoë 🚀", "O'Neil-Smith"])
      expect(normalizeName(raw)).toEqual({ ok: true, name: raw });
  });
});

describe("studentNameSchema", () => {
  it("carries the normal form on the wire, and the reason of a refusal", () => {
    expect(studentNameSchema.parse(" Ada ")).toBe("Ada");
    const refused = studentNameSchema.safeParse("Ada\u200B");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toContain("format");
  });
});

describe("nameSkeleton", () => {
  const same = (a: string, b: string) => expect(nameSkeleton(a)).toBe(nameSkeleton(b));

  it("is case-insensitive", () => {
    same("Ada", "ADA");
    same("ada lovelace", "Ada Lovelace");
  });

  it("maps Cyrillic and Greek lookalikes to the Latin letters they imitate", () => {
    same("Ada", "\u0410da"); // Cyrillic capital A
    same("Ada", "\u0391da"); // Greek capital Alpha
    same("Pepe", "\u0420\u0435\u0440\u0435"); // all Cyrillic
    same("Mayo", "\u039C\u0430y\u03BF");
  });

  it("makes 0 and o, and 1, l, I and i, one letter, and rn an m", () => {
    same("B0b", "Bob");
    same("A1ice", "Alice");
    same("AIice", "Alice");
    same("Kim", "Kirn");
  });

  it("treats a composed accent and its combining form, and fullwidth letters, as the same", () => {
    same("Amélie", "Ame\u0301lie");
    same("Ｚｏｅ", "Zoe");
  });

  it("keeps different names apart", () => {
    expect(nameSkeleton("Ada")).not.toBe(nameSkeleton("Adam"));
    expect(nameSkeleton("Zoe")).not.toBe(nameSkeleton("Zoë"));
    expect(nameSkeleton("Ада")).not.toBe(nameSkeleton("Aga"));
  });
});
