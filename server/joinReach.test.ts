import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { isLoopbackHost, joinReach, lanAddresses } from "./joinReach.ts";

/** An interface entry as os.networkInterfaces() lists it. */
function entry(address: string, family: "IPv4" | "IPv6", internal = false): NetworkInterfaceInfo {
  const common = { address, netmask: "255.255.255.0", mac: "02:00:00:00:00:01", internal, cidr: `${address}/24` };
  return family === "IPv4" ? { ...common, family } : { ...common, family, scopeid: 0 };
}

const LAPTOP = {
  lo: [entry("127.0.0.1", "IPv4", true), entry("::1", "IPv6", true)],
  wlan0: [entry("192.168.1.20", "IPv4"), entry("fe80::1", "IPv6")],
  eth1: [entry("10.0.0.7", "IPv4"), entry("169.254.3.4", "IPv4")],
};

describe("isLoopbackHost", () => {
  it("knows the names of this computer", () => {
    for (const host of ["localhost", "LOCALHOST", "app.localhost", "127.0.0.1", "127.1.2.3", "[::1]", "0.0.0.0"]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ["192.168.1.20", "downhill.example.edu", "localhost.example", "[fd00::2]", "10.127.0.1"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe("lanAddresses", () => {
  it("lists the external IPv4 addresses, not loopback, link-local or IPv6, when listening on every interface", () => {
    expect(lanAddresses("0.0.0.0", LAPTOP)).toEqual(["192.168.1.20", "10.0.0.7"]);
    expect(lanAddresses("", LAPTOP)).toEqual(["192.168.1.20", "10.0.0.7"]);
    expect(lanAddresses("::", LAPTOP)).toEqual(["192.168.1.20", "10.0.0.7"]);
  });

  it("lists only the address the server is bound to, and none when it is bound to loopback", () => {
    expect(lanAddresses("10.0.0.7", LAPTOP)).toEqual(["10.0.0.7"]);
    expect(lanAddresses("127.0.0.1", LAPTOP)).toEqual([]);
    expect(lanAddresses("0.0.0.0", { lo: LAPTOP.lo })).toEqual([]);
  });
});

describe("joinReach", () => {
  it("offers each LAN address at the server's own port for a localhost link", () => {
    expect(joinReach("https://localhost:8443/play/ABC234", ["192.168.1.20", "10.0.0.7"], 3000)).toEqual({
      local: true,
      lanJoinUrls: ["http://192.168.1.20:3000/play/ABC234", "http://10.0.0.7:3000/play/ABC234"],
    });
    expect(joinReach("http://127.0.0.1:3000/play/ABC234", [], 3000)).toEqual({ local: true, lanJoinUrls: [] });
  });

  it("has nothing to say about a link other devices can open", () => {
    expect(joinReach("http://192.168.1.20:3000/play/ABC234", ["192.168.1.20"], 3000)).toEqual({
      local: false,
      lanJoinUrls: [],
    });
    expect(joinReach("https://downhill.example.edu/play/ABC234", ["10.0.0.7"], 3000).local).toBe(false);
  });
});
