// The table of client events and what is derived from it. The `@ts-expect-error` lines are tests too: `tsc` (in
// `npm test`) fails when one of them stops being an error, that is when the compiler would let a handler map miss
// an event, take the wrong payload or answer the wrong reply.
import type { z } from "zod";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  CLIENT_EVENTS,
  clientEventTable,
  isClientEvent,
  payloadSchema,
  type AckOf,
  type ClientToServerEvents,
  type EventHandler,
  type EventHandlers,
  type PayloadOf,
  type ReplyOf,
  type ValidPayloadOf,
} from "./clientEvents.ts";
import type { Ack } from "./errors.ts";
import type { RunFinished, RunProgressPayload, RunStarted, runStartPayload, StudentJoined } from "./events.ts";

const RUN_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

/** Counts a map's handlers; its parameter is where the compiler checks each handler map below. */
function handlerCount(handlers: EventHandlers): number {
  return Object.keys(handlers).length;
}

const refuse = (): Promise<never> => Promise.reject(new Error("refused"));

const complete: EventHandlers = {
  "session:create": refuse,
  "host:attach": refuse,
  "host:command": refuse,
  "student:join": refuse,
  "run:start": refuse,
  "run:progress": refuse,
  "run:finish": refuse,
  "run:cancel": refuse,
};

describe("the client event table", () => {
  it("names every event once, as domain:verb", () => {
    expect(CLIENT_EVENTS).toEqual(Object.keys(clientEventTable));
    expect(new Set(CLIENT_EVENTS).size).toBe(CLIENT_EVENTS.length);
    for (const event of CLIENT_EVENTS) expect(event).toMatch(/^[a-z]+:[a-z]+$/);
  });

  it("knows its own event names and nothing else, inherited properties included", () => {
    for (const event of CLIENT_EVENTS) expect(isClientEvent(event)).toBe(true);
    for (const name of ["run:explode", "toString", "constructor", "__proto__", "hasOwnProperty", ""]) {
      expect(isClientEvent(name)).toBe(false);
    }
  });

  it("gives each event the schema of its row, which refuses a payload of another event", () => {
    for (const event of CLIENT_EVENTS) expect(payloadSchema(event)).toBe(clientEventTable[event].payload);
    expect(payloadSchema("run:cancel").safeParse({ runId: RUN_ID }).success).toBe(true);
    expect(payloadSchema("run:progress").safeParse({ runId: RUN_ID }).success).toBe(false);
  });

  it("types the Socket.IO event map, payloads and acknowledgements from the table", () => {
    expectTypeOf<PayloadOf<"run:start">>().toEqualTypeOf<z.input<typeof runStartPayload>>();
    expectTypeOf<ValidPayloadOf<"run:start">>().toEqualTypeOf<z.output<typeof runStartPayload>>();
    expectTypeOf<PayloadOf<"run:progress">>().toEqualTypeOf<RunProgressPayload>();
    expectTypeOf<ReplyOf<"run:start">>().toEqualTypeOf<RunStarted>();
    expectTypeOf<ReplyOf<"run:cancel">>().toEqualTypeOf<RunFinished>();
    expectTypeOf<AckOf<"student:join">>().toEqualTypeOf<Ack<StudentJoined>>();
    expectTypeOf<ClientToServerEvents["run:finish"]>().parameter(0).toEqualTypeOf<PayloadOf<"run:finish">>();
    expectTypeOf<ClientToServerEvents["run:finish"]>().parameter(1).parameter(0).toEqualTypeOf<Ack<RunFinished>>();
    expectTypeOf<EventHandler<"run:finish">>().parameter(0).toEqualTypeOf<ValidPayloadOf<"run:finish">>();
    expectTypeOf<EventHandler<"run:finish">>().returns.toEqualTypeOf<Promise<RunFinished>>();
    expectTypeOf<ReturnType<ReturnType<typeof payloadSchema<"student:join">>["parse"]>>().toEqualTypeOf<
      ValidPayloadOf<"student:join">
    >();
    // @ts-expect-error: "run:explode" is not in the table
    expectTypeOf<PayloadOf<"run:explode">>().toBeNever();
  });

  it("wants exactly one handler per event, each taking its payload and answering its reply", () => {
    expect(handlerCount(complete)).toBe(CLIENT_EVENTS.length);

    expect(
      // @ts-expect-error: "run:cancel" has no handler
      handlerCount({
        "session:create": refuse,
        "host:attach": refuse,
        "host:command": refuse,
        "student:join": refuse,
        "run:start": refuse,
        "run:progress": refuse,
        "run:finish": refuse,
      }),
    ).toBe(CLIENT_EVENTS.length - 1);

    expect(
      handlerCount({
        ...complete,
        // @ts-expect-error: the payload of run:progress has a string runId
        "run:progress": (_batch: { runId: number }) => refuse(),
      }),
    ).toBe(CLIENT_EVENTS.length);

    expect(
      handlerCount({
        ...complete,
        // @ts-expect-error: run:start answers the run it started, not only the attempts left
        "run:start": () => Promise.resolve({ attemptsLeft: 3 }),
      }),
    ).toBe(CLIENT_EVENTS.length);

    expect(
      handlerCount({
        ...complete,
        // @ts-expect-error: a handler for an event the table does not have
        "run:explode": refuse,
      }),
    ).toBe(CLIENT_EVENTS.length + 1);
  });
});
