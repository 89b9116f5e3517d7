// The join link the projector shows must work from students' devices.
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "@downhill/core";
import {
  call,
  expectError,
  expectOk,
  postChallenge,
  startServer,
  type TestServer,
  type TestSocket,
} from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** A socket whose handshake carries the Origin header a browser at `origin` would send. */
async function connectFrom(origin: string): Promise<TestSocket> {
  const socket: TestSocket = io(server.url, {
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
