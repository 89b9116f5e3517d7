import { describe, expect, it } from "vitest";
import { Random } from "./random.ts";

const firstThree = (seed: number) => {
  const random = new Random(seed);
  return [random.nextUint32(), random.nextUint32(), random.nextUint32()];
};

describe("Random", () => {
  it("gives every seed below 2^32 the sequence it always gave (stored datasets and runs replay unchanged)", () => {
    expect(firstThree(0)).toEqual([47794497, 2454270595, 3904855535]);
    expect(firstThree(1)).toEqual([473542192, 3964317691, 2295682031]);
    expect(firstThree(2_147_483_647)).toEqual([3160063698, 161472965, 3548920670]);
    expect(firstThree(4_294_967_295)).toEqual([683205247, 1546384827, 2951948325]);
  });

  it("draws on the bits of a seed above 2^32: seeds equal in their low 32 bits give different sequences", () => {
    const low = 12_345;
    const sequences = [low, low + 2 ** 32, low + 2 ** 40, low + 2 ** 52].map(firstThree);
    expect(new Set(sequences.map((sequence) => sequence.join())).size).toBe(4);
    expect(firstThree(Number.MAX_SAFE_INTEGER)).toEqual(firstThree(Number.MAX_SAFE_INTEGER));
  });
});
