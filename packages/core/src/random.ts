import { cos, log } from "./math/portable.ts";

/**
 * A small seeded pseudo-random generator (sfc32), so that a run replays bit for bit in any JavaScript engine.
 * Its whole state is four 32-bit integers, which a checkpoint saves and restores.
 */
export type RandomState = readonly [number, number, number, number];

export class Random {
  /**
   * The state words a, b, c, d. An Int32Array rather than four fields: the arithmetic below is modulo 2^32, so
   * the words read back as the same 32 bits, and the engine then keeps them as integers (a field that once held
   * 0x9e3779b9, above its small-integer range, would hold a boxed double, converted on every read and write).
   */
  private readonly state = new Int32Array(4);

  /**
   * A generator seeded from a non-negative integer up to 2^53; equal seeds give equal sequences. The low 32 bits
   * seed one word of the state, the bits above (if any) another, so a seed below 2^32 gives the sequence it always
   * gave, and a secret seed can hold more bits than a search of every 32-bit seed could cover.
   */
  constructor(seed: number) {
    const high = Math.floor(seed / 4294967296);
    this.state[0] = 0x9e3779b9;
    this.state[1] = 0x243f6a88;
    this.state[2] = high === 0 ? 0xb7e15162 : (0xb7e15162 ^ high) >>> 0;
    this.state[3] = seed >>> 0;
    // Warm up so that nearby seeds give unrelated sequences.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  static fromState(state: RandomState): Random {
    const random = new Random(0);
    random.setState(state);
    return random;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const state = this.state;
    const a = state[0]!;
    const b = state[1]!;
    const c = state[2]!;
    const d = state[3]!;
    const t = (((a + b) | 0) + d) | 0;
    state[3] = (d + 1) | 0;
    state[0] = b ^ (b >>> 9);
    state[1] = (c + (c << 3)) | 0;
    state[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal sample (Box–Muller; uses two uniforms, keeps no cached spare so the state stays four words). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * log(u)) * cos(2 * Math.PI * v);
  }

  /** Shuffles `values` in place (Fisher–Yates). */
  shuffle(values: Uint32Array): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const swap = values[i]!;
      values[i] = values[j]!;
      values[j] = swap;
    }
  }

  getState(): RandomState {
    const [a, b, c, d] = this.state;
    return [a!, b!, c!, d!];
  }

  setState(state: RandomState): void {
    this.state.set(state);
  }
}
