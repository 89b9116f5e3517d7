// The gateway's operations are typed from core's client event table. Most checks here are for `tsc` (in `npm
// test`): each `@ts-expect-error` line must stay an error, or the compiler fails this file.
import type { EventHandlers, ReplyOf, ValidPayloadOf } from "@downhill/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  isGatewayOp,
  type GatewayCall,
  type GatewayInput,
  type GatewayOp,
  type GatewayOutput,
  type SessionGateway,
} from "./SessionGateway.ts";

const OPS: readonly GatewayOp[] = [
  "hostAttach",
  "hostCommand",
  "studentJoin",
  "snapshot",
  "runStart",
  "runProgress",
  "runFinish",
  "runCancel",
  "presence",
];

type StudentHandlers = Pick<EventHandlers, "run:start" | "run:progress" | "run:finish" | "run:cancel">;

/**
 * The run handlers as registerHandlers writes them, for the compiler to check against the table; never called.
 * The `void` lines are calls the compiler must refuse.
 */
function runHandlers(
  gateway: SessionGateway,
  code: string,
  studentId: string,
  start: ValidPayloadOf<"run:start">,
  cancel: ValidPayloadOf<"run:cancel">,
): StudentHandlers {
  // @ts-expect-error: a student's operation names the student
  void gateway.run(code, "runStart", start);
  // @ts-expect-error: runStart takes run:start's payload, and run:cancel's lacks the configuration
  void gateway.run(code, "runStart", { studentId, ...cancel });
  // @ts-expect-error: no such operation
  void gateway.run(code, "runExplode", { studentId });
  return {
    "run:start": (payload) => gateway.run(code, "runStart", { studentId, ...payload }),
    "run:progress": (batch) => gateway.run(code, "runProgress", { studentId, ...batch }),
    "run:finish": (payload) => gateway.run(code, "runFinish", { studentId, ...payload }),
    // @ts-expect-error: run:cancel answers the closed run, and presence answers nothing
    "run:cancel": () => gateway.run(code, "presence", { studentId, change: -1 }),
  };
}

describe("the session gateway's operations", () => {
  it("knows each operation's name, and nothing else (not even an inherited property)", () => {
    for (const op of OPS) expect(isGatewayOp(op)).toBe(true);
    for (const name of ["create", "close", "run", "toString", "constructor", "__proto__", ""]) {
      expect(isGatewayOp(name)).toBe(false);
    }
  });

  it("takes each client event's checked payload and answers its reply", () => {
    expectTypeOf(runHandlers).returns.toEqualTypeOf<StudentHandlers>();
    expectTypeOf<GatewayInput<"runStart">>().toExtend<ValidPayloadOf<"run:start">>();
    expectTypeOf<GatewayInput<"runStart">>().toHaveProperty("studentId").toEqualTypeOf<string>();
    expectTypeOf<GatewayOutput<"runStart">>().toEqualTypeOf<ReplyOf<"run:start">>();
    expectTypeOf<GatewayOutput<"runProgress">>().toEqualTypeOf<ReplyOf<"run:progress">>();
    expectTypeOf<GatewayOutput<"hostCommand">>().toEqualTypeOf<ReplyOf<"host:command">>();
    // The join code is the gateway's own argument; the protocol version is checked at the socket.
    expectTypeOf<GatewayInput<"studentJoin">>().toEqualTypeOf<
      Omit<ValidPayloadOf<"student:join">, "code" | "protocolVersion">
    >();
    expectTypeOf<GatewayOutput<"studentJoin">>().toExtend<ReplyOf<"student:join">>();
    expectTypeOf<GatewayOutput<"studentJoin">>().toHaveProperty("sessionId").toEqualTypeOf<string>();
  });

  it("sends a call between servers as { op, code, input }, the input typed by the op", () => {
    const call: GatewayCall<"presence"> = { op: "presence", code: "ABCDEF", input: { studentId: "s", change: -1 } };
    expect(JSON.parse(JSON.stringify(call))).toEqual(call);
    // @ts-expect-error: presence counts one socket in or out
    const wrong: GatewayCall<"presence"> = { op: "presence", code: "ABCDEF", input: { studentId: "s", change: 2 } };
    expect(wrong.op).toBe("presence");
    expectTypeOf<GatewayCall>().toHaveProperty("op").toEqualTypeOf<GatewayOp>();
  });
});
