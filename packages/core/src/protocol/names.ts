// Student names: one normal form for storage and display, and a skeleton under which two names that look alike
// (by case, by width, by script) count as the same name in a class.
import { z } from "zod";

/** The longest name, in UTF-16 code units, after normalisation. */
export const MAX_NAME_LENGTH = 24;

export type NameVerdict =
  { readonly ok: true; readonly name: string } | { readonly ok: false; readonly reason: string };

/** A name as the wire carries it: normalised by `normalizeName`, or refused with its reason. */
export const studentNameSchema = z
  .string()
  // Bounds the work before normalisation; the limit that counts is MAX_NAME_LENGTH after it.
  .max(MAX_NAME_LENGTH * 8)
  .transform((raw, context) => {
    const verdict = normalizeName(raw);
    if (verdict.ok) return verdict.name;
    context.addIssue({ code: "custom", message: verdict.reason });
    return z.NEVER;
  });

/**
 * Code points no name may hold: controls (Cc), format characters (Cf: zero-width spaces and joiners, the
 * bidirectional marks, embeddings, overrides and isolates, the soft hyphen), line and paragraph separators,
 * lone surrogates and private-use characters (which draw whatever a font puts there).
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}]/u;

/** Letters, digits, punctuation and symbols that draw nothing: Hangul fillers and the blank braille pattern. */
const BLANK_GLYPHS = new Set(["\u115F", "\u1160", "\u3164", "\uFFA0", "\u2800"]);

/** A character that draws something: a letter, digit, punctuation mark or symbol that is not blank. */
function isVisible(char: string): boolean {
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(char) && !BLANK_GLYPHS.has(char);
}

/**
 * The normal form of a name (Unicode NFKC, runs of white space made one space, trimmed), or why it is refused:
 * empty, too long, holding a control, format or bidirectional character, or nothing visible.
 */
export function normalizeName(raw: string): NameVerdict {
  const normal = raw.normalize("NFKC");
  // Before white space is collapsed, which would turn a zero-width no-break space or a tab into a plain space.
  if (FORBIDDEN.test(normal)) {
    return { ok: false, reason: "a name may not hold control, format, invisible or text-direction characters" };
  }
  const name = normal.replace(/\s+/gu, " ").trim();
  if (name === "") {
    // Spaces look like a name in the field, so say what happened to them.
    return {
      ok: false,
      reason: raw === "" ? "type a name" : "a name of spaces only is blank; type a letter, digit or symbol",
    };
  }
  if (![...name].some(isVisible)) return { ok: false, reason: "a name needs a visible letter, digit or symbol" };
  if (name.length > MAX_NAME_LENGTH) return { ok: false, reason: `a name has at most ${MAX_NAME_LENGTH} characters` };
  return { ok: true, name };
}

/** A map from each character of `from` to the character at the same place in `to`. */
function charMap(from: string, to: string): ReadonlyMap<string, string> {
  const sources = [...from];
  const targets = [...to];
  if (sources.length !== targets.length) throw new Error("charMap: from and to differ in length");
  return new Map(sources.map((char, i) => [char, targets[i]!]));
}

/**
 * Confusables, after Unicode TR39's confusables.txt but compact: the common Cyrillic, Greek and Armenian lookalikes
 * of Latin letters, mapped to the Latin letter they imitate. Not the whole table (thousands of entries, more than
 * the rest of core); it covers the letters a student can type to pass as a classmate. Decomposed first, so that
 * an accented lookalike (Cyrillic ё) is its base letter and the accent.
 */
const CONFUSABLES = charMap(
  // Cyrillic capitals and small letters
  "АВЕКМНОРСТХЅІЈУҮԚԜӀ" +
    "аеорсухѕіјԁһԛԝӏү" +
    // Greek capitals and small letters
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ" +
    "αορικνυχγ" +
    // Armenian, and Latin letters that imitate others
    "օս" +
    "ɑɡıȷʏ",
  "ABEKMHOPCTXSIJYYQWl" + "aeopcyxsijdhqwly" + "ABEZHIKMNOPTYX" + "aopikvuxy" + "ou" + "agijy",
);

/**
 * Latin characters that pass for one another even in one script: the digit 0 and the letter o; the digit 1, the
 * vertical bar, capital I and small l (and so, through capital I, small i). Each group maps to one member.
 */
const LOOKALIKES = charMap("01|i", "olll");

/**
 * The skeleton of a name (after TR39's skeleton, case-folded): two names with the same skeleton look alike, so a
 * class holds at most one of them. The name is decomposed (NFKD), lookalike letters of other scripts become Latin,
 * the name is put in lower case, lookalike digits and letters fall together, and "rn" reads as "m".
 */
export function nameSkeleton(name: string): string {
  const mapped = (text: string, map: ReadonlyMap<string, string>) =>
    [...text].map((char) => map.get(char) ?? char).join("");
  const latin = mapped(mapped(name.normalize("NFKD"), CONFUSABLES).toLowerCase(), CONFUSABLES);
  return mapped(latin, LOOKALIKES).replace(/rn/g, "m").normalize("NFD");
}
