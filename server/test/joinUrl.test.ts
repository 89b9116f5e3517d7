// The join link the projector shows must work from students' devices.
import { networkInterfaces } from "node:os";
import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "@downhill/core";
import { lanAddresses } from "../joinReach.ts";
import { call, expectError, expectOk, type TestSocket } from "./clients.ts";
import { serverForFile, startServer } from "./servers.ts";
import { postChallenge } from "./sessions.ts";

const server = serverForFile();

/** A socket whose handshake carries the Origin header a browser at `origin` would send. */
async function connectFrom(origin: string, url = server.url): Promise<TestSocket> {
  const socket: TestSocket = io(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: { origin },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

describe("join links", () => {
  it("use the address the host's browser reached the server at, and only a verified host can change it", async () => {
    // The builder's POST carries the Origin of the page, as a browser's does.
    const created = await postChallenge(
      server.url,
      { dataset: "seed-line" },
      { headers: { origin: "http://192.168.1.20:3000" } },
    );
    expect(created.joinUrl).toBe(`http://192.168.1.20:3000/play/${created.code}`);

    const host = await connectFrom("http://192.168.1.20:3000");
    const stranger = await connectFrom("https://phishing.example");
    const refused = await call(stranger, "host:attach", {
      code: created.code,
      hostToken: "x".repeat(43),
      protocolVersion: PROTOCOL_VERSION,
    });
    expectError(refused, "forbidden");

    const attached = expectOk(
      await call(host, "host:attach", {
        code: created.code,
        hostToken: created.hostToken,
        protocolVersion: PROTOCOL_VERSION,
      }),
    );
    expect(attached.state.joinUrl).toBe(`http://192.168.1.20:3000/play/${created.code}`);
    host.disconnect();
    stranger.disconnect();
  });

  it("fall back to the server's own address when the client sends no usable Origin", async () => {
    const created = await postChallenge(server.url, { dataset: "seed-line" }, { headers: { origin: "not a url" } });
    expect(created.joinUrl).toBe(`${server.url.replace("127.0.0.1", "localhost")}/play/${created.code}`);
  });
});

describe("join reach", () => {
  /** Creates a session from `origin` and attaches to it as its host; returns the attach reply. */
  async function attachFrom(origin: string, url = server.url) {
    const created = await postChallenge(url, { dataset: "seed-line" }, { headers: { origin } });
    const socket = await connectFrom(origin, url);
    const attached = expectOk(
      await call(socket, "host:attach", {
        code: created.code,
        hostToken: created.hostToken,
        protocolVersion: PROTOCOL_VERSION,
      }),
    );
    socket.disconnect();
    return { code: created.code, ...attached };
  }

  it("warns that a localhost link works on this computer only, and offers none on a server bound to loopback", async () => {
    const local = await attachFrom(`http://localhost:${server.port}`);
    expect(local.state.joinUrl).toBe(`http://localhost:${server.port}/play/${local.code}`);
    expect(local.joinReach).toEqual({ local: true, lanJoinUrls: [] });
  });

  it("does not warn about a link at a LAN address", async () => {
    const lan = await attachFrom("http://192.168.1.20:3000");
    expect(lan.joinReach).toEqual({ local: false, lanJoinUrls: [] });
  });

  it("offers the machine's LAN addresses on a server listening on every interface, and they answer", async () => {
    const everywhere = await startServer({ env: { HOST: "0.0.0.0" } });
    try {
      const attached = await attachFrom(`http://127.0.0.1:${everywhere.port}`, everywhere.url);
      const expected = lanAddresses("0.0.0.0", networkInterfaces()).map(
        (address) => `http://${address}:${everywhere.port}/play/${attached.code}`,
      );
      expect(attached.joinReach).toEqual({ local: true, lanJoinUrls: expected });
      for (const url of attached.joinReach.lanJoinUrls) {
        const health = await fetch(new URL("/healthz", url));
        expect(health.status).toBe(200);
      }
    } finally {
      await everywhere.close();
    }
  });
});
