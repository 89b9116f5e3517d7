// Whether the join link on the projector works from students' devices. A server started on a laptop without
// PUBLIC_URL, and opened there at http://localhost:3000, would put "localhost" on the projector, which every
// student's phone reads as itself. The host page warns and offers the laptop's LAN addresses instead.
import type { NetworkInterfaceInfo } from "node:os";
import type { JoinReach } from "@downhill/core";

/** Host names that mean "this computer": no other device can reach a link that names them. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    host === "::1" ||
    host === "0.0.0.0" ||
    host === "::"
  );
}

/** Listening on these, the server answers on every interface. */
const ALL_INTERFACES = new Set(["", "0.0.0.0", "::"]);

/**
 * The LAN IPv4 addresses students could reach the server at: every external, not link-local (169.254.x.x) IPv4
 * address of the machine when it listens on all interfaces, the one it listens on when that is such an address,
 * and none when it listens on loopback only. IPv6 is left out: a classroom's devices reach each other over IPv4.
 */
export function lanAddresses(listenHost: string, interfaces: NodeJS.Dict<readonly NetworkInterfaceInfo[]>): string[] {
  const external = Object.values(interfaces)
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === "IPv4" && !entry.internal && !entry.address.startsWith("169.254."))
    .map((entry) => entry.address);
  if (ALL_INTERFACES.has(listenHost)) return [...new Set(external)];
  return external.includes(listenHost) ? [listenHost] : [];
}

/**
 * Whether `joinUrl` is local to this computer, and when it is, the same link at each LAN address, straight to the
 * server's own port over plain HTTP (what this process serves), whatever proxy the local link went through.
 */
export function joinReach(joinUrl: string, addresses: readonly string[], port: number): JoinReach {
  const url = new URL(joinUrl);
  if (!isLoopbackHost(url.hostname)) return { local: false, lanJoinUrls: [] };
  return { local: true, lanJoinUrls: addresses.map((address) => `http://${address}:${port}${url.pathname}`) };
}
