// Whom a request comes from, for the limits kept per address: the peer of the connection, or, behind a trusted
// reverse proxy (TRUST_PROXY=on), the address the proxy saw, which it appends last to X-Forwarded-For. Earlier
// entries are whatever the client claimed and are never trusted.
import type { IncomingHttpHeaders } from "node:http";

/** The client's address from the connection's peer address and the request's headers. */
export function clientAddress(peer: string | undefined, headers: IncomingHttpHeaders, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headers["x-forwarded-for"];
    const chain = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",");
    const last = chain.at(-1)?.trim();
    if (last) return last;
  }
  return peer ?? "unknown";
}
