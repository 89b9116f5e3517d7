// The instructor's key travels as `Authorization: Bearer <key>` on every request that needs it.
import type { IncomingMessage } from "node:http";
import { INSTRUCTOR_KEY_PATTERN } from "@downhill/core";

/** The instructor key from `Authorization: Bearer <key>`, or null when the header is absent or malformed. */
export function instructorKey(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer (\S+)$/.exec(header) : null;
  return match && INSTRUCTOR_KEY_PATTERN.test(match[1]!) ? match[1]! : null;
}
