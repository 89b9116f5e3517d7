// The instructor's key is the only thing that ties past sessions to a person (there are no accounts). To open them
// on another device the instructor carries the key there: as a link whose fragment holds it (a fragment never
// reaches a server's logs), or typed by hand in groups of four characters.

/** What the server accepts as an instructor key (it issues 43 url-safe base64 characters). */
export const INSTRUCTOR_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** The fragment name that carries a key in a link to the sessions page. */
const FRAGMENT_KEY = "key";

/** The link that opens the sessions page of `origin` with `key`, e.g. `https://host/sessions#key=...`. */
export function instructorKeyLink(origin: string, key: string): string {
  return `${origin}/sessions#${FRAGMENT_KEY}=${key}`;
}

/** The key in groups of four characters, easier to read aloud or type on another device. */
export function groupedInstructorKey(key: string): string {
  return key.replace(/(.{4})(?=.)/g, "$1 ");
}

/** The key a URL fragment (`#key=...`) carries, or null when it carries none. */
export function instructorKeyInFragment(hash: string): string | null {
  const value = new URLSearchParams(hash.replace(/^#/, "")).get(FRAGMENT_KEY);
  return value && INSTRUCTOR_KEY_PATTERN.test(value) ? value : null;
}

export type ReadInstructorKey =
  { readonly ok: true; readonly key: string } | { readonly ok: false; readonly message: string };

/**
 * The instructor key in what a person pasted or typed: a link from {@link instructorKeyLink}, or the key itself,
 * with or without the spaces of {@link groupedInstructorKey}.
 */
export function readInstructorKey(text: string): ReadInstructorKey {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, message: "Paste the link or type the key from your other device." };
  const hashAt = trimmed.indexOf("#");
  if (hashAt >= 0) {
    const key = instructorKeyInFragment(trimmed.slice(hashAt));
    return key
      ? { ok: true, key }
      : { ok: false, message: "This link holds no instructor key: copy the whole link from the sessions page." };
  }
  const key = trimmed.replace(/\s+/g, "");
  if (!INSTRUCTOR_KEY_PATTERN.test(key)) {
    return {
      ok: false,
      message: "An instructor key is letters, digits, - and _ only (43 of them): check what you typed.",
    };
  }
  return { ok: true, key };
}
