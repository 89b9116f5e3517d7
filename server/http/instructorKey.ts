// The instructor's key travels as `Authorization: Bearer <key>` on every request that needs it.
import type { IncomingMessage } from "node:http";

/** The instructor key from `Authorization: Bearer <key>`, or null when the header is absent or malformed. */
export function instructorKey(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header) : null;
  return match ? match[1]! : null;
}
