/**
 * Elementary functions that give the same bits in every JavaScript engine.
 *
 * ECMAScript lets Math.exp, Math.log, Math.tanh, Math.sin, Math.cos, Math.pow and `**` return any "implementation-
 * approximated" value, so Chromium, Firefox and Safari can differ in the last bit, and a replayed run would drift.
 * These versions use only IEEE-754 double arithmetic (+ - * /, and Math.sqrt/abs/floor/round/trunc, which are exact),
 * plus reads of a double's bit pattern through a typed-array view: every step is exactly specified, so
 * the result is identical everywhere.
 *
 * The algorithms are those of fdlibm (Sun Microsystems' freely distributable libm, also the source of V8's own
 * Math.*): range reduction by a two-part ln 2 or π/2 and a minimax polynomial or rational kernel; tanh uses a Cephes
 * rational kernel near 0 instead of expm1, which makes it faster than V8's. Measured on dense grids (portable.test.ts,
 * and against 150-bit mpmath): exp, expm1, log, log1p, sin and cos agree with V8 bit for bit almost everywhere and are
 * within 0.83 ulp of the true value; tanh is within 1.23 ulp (V8's: 1.98), sigmoid within 1.9 ulp.
 * Hot functions keep their rare cases in separate functions so that the engine can inline them into loops.
 */

// --- Bit access --------------------------------------------------------------------------------------------------

const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);
/** Index of the high (sign, exponent, top of the mantissa) 32-bit word: 1 on little-endian machines. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** The high 32 bits of x's IEEE-754 pattern, as a signed integer. */
function highWord(x: number): number {
  bits[0] = x;
  return words[HI]!;
}

/** The low 32 bits of x's IEEE-754 pattern, as a signed integer. */
function lowWord(x: number): number {
  bits[0] = x;
  return words[LO]!;
}

// fdlibm also writes exponents into a double's high word; here that is a multiplication by an exact power of two
// instead (same result), since a 4-byte store followed by an 8-byte load of the same double stalls the CPU.

/** POW2[k + 1074] = 2^k for -1074 <= k <= 1023 (subnormal powers included), built by exact doublings and halvings. */
const POW2 = new Float64Array(2098);
POW2[1074] = 1;
for (let k = 1; k <= 1023; k++) POW2[1074 + k] = POW2[1073 + k]! * 2;
for (let k = 1; k <= 1074; k++) POW2[1074 - k] = POW2[1075 - k]! * 0.5;
const TWO_1023 = 8.98846567431158e307;
const TWO_M1000 = 9.332636185032189e-302;

// --- exp and expm1 -----------------------------------------------------------------------------------------------

const LN2_HI = 6.9314718036912381649e-1; // ln 2 to 32 bits: k * LN2_HI is exact for |k| < 2^20
const LN2_LO = 1.90821492927058770002e-10; // ln 2 - LN2_HI
const INV_LN2 = 1.442695040888963387;
const EXP_OVERFLOW = 7.09782712893383973096e2; // above: e^x > the largest double
const EXP_UNDERFLOW = -7.4513321910194110842e2; // below: e^x < 2^-1075
// Thresholds where fdlibm switches method, as it tests them on the high word: |x| >= 0.5 ln 2 and |x| < 1.5 ln 2.
const HALF_LN2 = 0.3465735912322998;
const THREE_HALVES_LN2 = 1.0397205352783203;

// Remez coefficients of R(r²) ~ r (e^r + 1) / (e^r - 1) - 2 on [0, 0.347] (fdlibm e_exp.c).
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;

/**
 * e^x. Reduces x = k ln 2 + r with |r| <= ln 2 / 2, evaluates e^r by a rational form of a degree-5 minimax
 * polynomial, and scales by 2^k. Overflows to +Infinity above 709.78, underflows to 0 below -745.13.
 */
export function exp(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax < HALF_LN2) return ax < 3.725290298461914e-9 ? 1 + x : expSmall(x); // no reduction below ln 2 / 2
  if (!(ax < 708)) return expLarge(x);
  const k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
  return expReduced(x, k) * POW2[k + 1074]!;
}

/** e^x for |x| < ln 2 / 2. */
function expSmall(x: number): number {
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  return 1 - ((x * c) / (c - 2) - x);
}

/** e^(x - k ln 2), in [√2/2, √2], with x - k ln 2 carried as hi - lo so that the reduction loses nothing. */
function expReduced(x: number, k: number): number {
  const hi = x - k * LN2_HI; // exact: LN2_HI has 32 bits and |k| < 2^11
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  return 1 - (lo - (r * c) / (2 - c) - hi);
}

/** e^x for |x| >= 708 or NaN: overflow, underflow, and results whose scaling by 2^k needs care. */
function expLarge(x: number): number {
  if (x !== x) return x;
  if (x > EXP_OVERFLOW) return Number.POSITIVE_INFINITY;
  if (x < EXP_UNDERFLOW) return 0;
  const k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
  const y = expReduced(x, k);
  if (k === 1024) return y * 2 * TWO_1023;
  if (k >= -1021) return y * POW2[k + 1074]!;
  return y * POW2[k + 2074]! * TWO_M1000; // result subnormal: one rounding, at the last multiplication
}

// Coefficients of the rational approximation of expm1 on [-0.347, 0.347] (fdlibm s_expm1.c).
const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;

/**
 * e^x - 1, accurate for small |x| where exp(x) - 1 would cancel. Same reduction as `exp`; the kernel is a rational
 * function of r² chosen so that the subtraction of 1 loses nothing. -1 below -56 ln 2, +Infinity above 709.78.
 */
export function expm1(x: number): number {
  const ax = x < 0 ? -x : x;
  if (!(ax < 38.81622314453125)) {
    // |x| >= 56 ln 2, or NaN
    if (x !== x) return x;
    if (x > EXP_OVERFLOW) return Number.POSITIVE_INFINITY;
    if (x < 0) return -1;
  }
  let k: number;
  let c = 0;
  if (ax >= HALF_LN2) {
    let hi: number;
    let lo: number;
    if (ax < THREE_HALVES_LN2) {
      k = x < 0 ? -1 : 1;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    } else {
      k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo; // what the rounding of hi - lo lost
  } else if (ax < 5.551115123125783e-17) {
    return x; // |x| < 2^-54 (keeps -0)
  } else {
    k = 0;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  const t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  if (k <= -2 || k > 56) {
    // 2^k dwarfs 1 (or 1 dwarfs 2^k): e^x - 1 = 2^k e^r - 1 with no care needed.
    const y = 1 - (e - x);
    return (k === 1024 ? y * 2 * TWO_1023 : y * POW2[k + 1074]!) - 1;
  }
  if (k < 20) {
    const y = 1 - POW2[1074 - k]! - (e - x); // (1 - 2^-k) is exact here
    return y * POW2[k + 1074]!;
  }
  const y = x - (e + POW2[1074 - k]!) + 1;
  return y * POW2[k + 1074]!;
}

// --- tanh and sigmoid --------------------------------------------------------------------------------------------

// tanh x = x + x³ P(x²) / Q(x²) on |x| < 0.625, a (3, 3) rational minimax fit from Moshier's Cephes library (tanh.c),
// below 0.81 ulp there. Q is monic: Q(z) = z³ + Q0 z² + Q1 z + Q2.
const TP0 = -0.9643991794250523;
const TP1 = -99.28772310019185;
const TP2 = -1614.6876844170845;
const TQ0 = 112.81167849163293;
const TQ1 = 2235.4883906010045;
const TQ2 = 4844.063053251255;

/**
 * tanh x. Below |x| = 0.625 a rational function (one division); from there to 22, 1 - 2 / (e^(2|x|) + 1) with e^(2|x|)
 * computed inline; ±1 beyond (the difference is below 2^-63). Small enough to be inlined into a hot loop, where it
 * runs faster than V8's Math.tanh (about 10 ns against 13 ns per call on the development machine).
 */
export function tanh(x: number): number {
  // Math.abs rather than a comparison: a branch on the sign here is mispredicted half the time on mixed-sign data.
  const a = Math.abs(x);
  if (a < 0.625) {
    if (a < 1.4901161193847656e-8) return x; // |x| < 2^-26: tanh x rounds to x (and -0 stays -0)
    const z = x * x;
    return x + (x * z * (TP2 + z * (TP1 + z * TP0))) / (TQ2 + z * (TQ1 + z * (TQ0 + z)));
  }
  if (!(a < 22)) return tanhSaturated(x);
  // e^(2a) = 2^k e^r, r = 2a - k ln 2, as in exp (2a >= 1.25, so no special cases).
  const y = 2 * a;
  const k = Math.trunc(INV_LN2 * y + 0.5);
  const t = 1 - 2 / (expReduced(y, k) * POW2[k + 1074]! + 1);
  return x < 0 ? -t : t;
}

/** tanh x for |x| >= 22, where it rounds to ±1, and NaN. */
function tanhSaturated(x: number): number {
  if (x !== x) return x;
  return x < 0 ? -1 : 1;
}

/** The logistic function σ(z) = 1 / (1 + e^(-z)), evaluated without overflow for any z (e^z / (1 + e^z) for z < 0). */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + exp(-z));
  const e = exp(z);
  return e / (1 + e);
}

// --- log and log1p -----------------------------------------------------------------------------------------------

const TWO_54 = 1.8014398509481984e16;
// Remez coefficients of R(s) ~ log((1 + s) / (1 - s)) / s - 2 in s² on [0, 0.1716] (fdlibm e_log.c).
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/**
 * ln x. Writes x = 2^k (1 + f) with √2/2 <= 1 + f < √2, then ln x = k ln 2 + ln(1 + f), where
 * ln(1 + f) = 2s + s R(s²) with s = f / (2 + f) and R a degree-14 minimax polynomial.
 * ln(±0) = -Infinity, ln(x < 0) = NaN, ln(+Infinity) = +Infinity.
 */
export function log(x: number): number {
  const hx = highWord(x);
  if (hx < 0x00100000 || hx >= 0x7ff00000) return logOutside(x, hx);
  return logNormal(x, hx, 0);
}

/** log for zero, negative and subnormal x, ±Infinity and NaN. */
function logOutside(x: number, hx: number): number {
  if (((hx & 0x7fffffff) | lowWord(x)) === 0) return Number.NEGATIVE_INFINITY; // ±0
  if (hx < 0) return Number.NaN; // x < 0, including -Infinity
  if (hx >= 0x7ff00000) return x + x; // +Infinity or NaN
  const scaled = x * TWO_54; // subnormal: scale into the normal range
  return logNormal(scaled, highWord(scaled), -54);
}

/** ln(x) + k ln 2 for a positive normal x whose high word is hx. */
function logNormal(x: number, hx: number, k: number): number {
  const exponent = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000; // 0x100000 when the mantissa is above √2
  k += exponent + (i >> 20);
  const f = x * POW2[1074 - exponent - (i >> 20)]! - 1; // x (or x / 2) normalised into [√2/2, √2), minus 1
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - r : k * LN2_HI - (r - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    // 1 + f far from 1: use the extra half f² term for accuracy
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - (hfsq - (s * (hfsq + r) + k * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : k * LN2_HI - (s * (f - r) - k * LN2_LO - f);
}

/**
 * ln(1 + x), accurate for small |x| where log(1 + x) would lose the low bits of x. Same kernel as `log`, applied to
 * 1 + x = 2^k (1 + f) with a correction c for the rounding of 1 + x. ln1p(-1) = -Infinity, NaN below -1.
 */
export function log1p(x: number): number {
  let k: number;
  let f: number;
  let c: number;
  let hu: number;
  if (x < 0.4142136573791504 && x > -0.2928934097290039) {
    // 1 + x near 1: f = x directly (fdlibm's bounds, √2 - 1 and 1 - √2/2 cut to the high word)
    const ax = x < 0 ? -x : x;
    if (ax < 1.862645149230957e-9) return ax < 5.551115123125783e-17 ? x : x - x * x * 0.5; // |x| < 2^-29
    k = 0;
    f = x;
    c = 0;
    hu = 1;
  } else if (x > -1 && x < 9007199254740992) {
    const u = 1 + x;
    hu = highWord(u);
    k = (hu >> 20) - 1023;
    c = (k > 0 ? 1 - (u - x) : x - (u - 1)) / u; // the part of x that 1 + x rounded away, relative to u
    hu &= 0x000fffff;
    if (hu >= 0x6a09e) {
      k += 1; // normalise u / 2 into [√2/2, 1) rather than u into [√2, 2)
      hu = (0x00100000 - hu) >> 2;
    }
    f = u * POW2[1074 - k]! - 1;
  } else {
    return log1pOutside(x);
  }
  if (hu === 0) return log1pNearPowerOfTwo(f, k, c); // |f| < 2^-20
  const hfsq = 0.5 * f * f;
  const s = f / (2 + f);
  const z = s * s;
  const r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * LN2_HI - (hfsq - (s * (hfsq + r) + (k * LN2_LO + c)) - f);
}

/** log1p where 1 + x = 2^k (1 + f) with |f| < 2^-20: a short series suffices. */
function log1pNearPowerOfTwo(f: number, k: number, c: number): number {
  if (f === 0) return k === 0 ? 0 : k * LN2_HI + (c + k * LN2_LO);
  const r = 0.5 * f * f * (1 - 0.6666666666666666 * f);
  return k === 0 ? f - r : k * LN2_HI - (r - (k * LN2_LO + c) - f);
}

/**
 * log1p for x <= -1, x >= 2^53, ±Infinity and NaN. From 2^53 on, ln(1 + x) and ln x differ by less than 1/x, far
 * below half an ulp of the result, so log(x) is returned.
 */
function log1pOutside(x: number): number {
  if (x === -1) return Number.NEGATIVE_INFINITY;
  if (x >= 9007199254740992) return log(x);
  return Number.NaN; // x < -1, -Infinity, NaN
}

// --- sin and cos -------------------------------------------------------------------------------------------------

// Minimax coefficients of sin on [-π/4, π/4] (fdlibm k_sin.c).
const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
// Minimax coefficients of cos on [-π/4, π/4] (fdlibm k_cos.c).
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.0875723212981748279e-9;
const C6 = -1.13596475577881948265e-11;

/** sin(x + y) for |x + y| <= π/4, where y is the tail of a reduced argument (`reduced` false: there is none). */
function kernelSin(x: number, y: number, reduced: boolean): number {
  if ((x < 0 ? -x : x) < 7.450580596923828e-9) return x; // |x| < 2^-27: sin x = x (keeps -0)
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (!reduced) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

/** cos(x + y) for |x + y| <= π/4, where y is the tail of a reduced argument. */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  // 1 - z/2 loses accuracy for larger |x|: split off qx ~ |x|/4, cut to the high word's 20 mantissa bits so that
  // 1 - qx and z/2 - qx are exact.
  const ax = x < 0 ? -x : x;
  const qx =
    ix > 0x3fe90000 ? 0.28125 : ax < 0.5 ? Math.floor(ax * 4194304) / 16777216 : Math.floor(ax * 2097152) / 8388608;
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

// π/2 in three 33-bit parts and their tails (fdlibm e_rem_pio2.c): n * PIO2_1 is exact while n < 2^20.
const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.0771005063039659766e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.0222662487111664558e-21;
const PIO2_3T = 8.47842766036889956997e-32;
/** Largest |x| (2^20 π/2 rounded down to the high word) the Cody–Waite reduction below reduces exactly enough. */
const REDUCE_LIMIT_HIGH_WORD = 0x413921fb;

/** The reduced argument of the last `reducePio2` call: x - n π/2 = reducedHead + reducedTail. */
let reducedHead = 0;
let reducedTail = 0;

/**
 * Cody–Waite reduction of |x| <= 2^20 π/2: returns n = round(x / (π/2)) and leaves x - n π/2 in reducedHead +
 * reducedTail to about 85 bits, or 118 and 151 bits when x is close to a multiple of π/2 (the rounds of fdlibm).
 */
function reducePio2(x: number, hx: number): number {
  const ix = hx & 0x7fffffff;
  const t0 = x < 0 ? -x : x;
  const n = Math.trunc(t0 * INV_PIO2 + 0.5);
  let r = t0 - n * PIO2_1;
  let w = n * PIO2_1T;
  let head = r - w;
  const j = ix >> 20;
  if (j - ((highWord(head) >> 20) & 0x7ff) > 16) {
    // r - w cancelled: redo with the next 33 bits of π/2
    let t = r;
    w = n * PIO2_2;
    r = t - w;
    w = n * PIO2_2T - (t - r - w);
    head = r - w;
    if (j - ((highWord(head) >> 20) & 0x7ff) > 49) {
      t = r;
      w = n * PIO2_3;
      r = t - w;
      w = n * PIO2_3T - (t - r - w);
      head = r - w;
    }
  }
  const tail = r - head - w;
  if (x < 0) {
    reducedHead = -head;
    reducedTail = -tail;
    return -n;
  }
  reducedHead = head;
  reducedTail = tail;
  return n;
}

/**
 * sin x for |x| < 2^20 π/2 ≈ 1,647,099 (x reduced modulo π/2, then the sine or cosine kernel). NaN for ±Infinity, NaN,
 * and (a documented limit: no caller comes near it) for larger |x|, which would need Payne–Hanek reduction.
 */
export function sin(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    return kernelSin(x, 0, false);
  }
  if (ix > REDUCE_LIMIT_HIGH_WORD) return Number.NaN;
  const n = reducePio2(x, hx);
  switch (n & 3) {
    case 0:
      return kernelSin(reducedHead, reducedTail, true);
    case 1:
      return kernelCos(reducedHead, reducedTail);
    case 2:
      return -kernelSin(reducedHead, reducedTail, true);
    default:
      return -kernelCos(reducedHead, reducedTail);
  }
}

/** cos x for |x| < 2^20 π/2 ≈ 1,647,099; NaN for ±Infinity, NaN and larger |x| (see `sin`). */
export function cos(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix > REDUCE_LIMIT_HIGH_WORD) return Number.NaN;
  const n = reducePio2(x, hx);
  switch (n & 3) {
    case 0:
      return kernelCos(reducedHead, reducedTail);
    case 1:
      return -kernelSin(reducedHead, reducedTail, true);
    case 2:
      return -kernelCos(reducedHead, reducedTail);
    default:
      return kernelSin(reducedHead, reducedTail, true);
  }
}

// --- Integer powers ----------------------------------------------------------------------------------------------

/** Veltkamp's splitter 2^27 + 1: a * SPLIT separates a double into two 26-bit halves exactly. */
const SPLIT = 134217729;

/**
 * base^n for an integer n, by repeated squaring in double-double arithmetic (each value carried as an unevaluated
 * sum hi + lo of about 106 bits, times a separate power of two so that nothing overflows on the way), so the result
 * is correctly rounded but for rare near-halfway cases; n < 0 gives 1 / base^|n|. Follows Math.pow's special cases:
 * base^0 = 1 (even for NaN), and zeros, infinities and NaN as repeated multiplication gives them. Throws for a
 * non-integer n.
 */
export function powInt(base: number, n: number): number {
  if (!Number.isInteger(n)) throw new RangeError(`powInt needs an integer exponent, got ${n}`);
  if (n === 0) return 1;
  if (base === 0 || !(base - base === 0)) {
    // ±0, ±Infinity, NaN: plain repeated multiplication gets the signs right
    return n > 0 ? powIntPlain(base, n) : 1 / powIntPlain(base, -n);
  }
  // base = (bHi + bLo) 2^bExp with 1 <= |bHi| < 2; the running result is (rHi + rLo) 2^rExp.
  let bExp = exponentOf(base);
  let bHi = scaleByPowerOfTwo(base, -bExp);
  let bLo = 0;
  let rHi = 1;
  let rLo = 0;
  let rExp = 0;
  for (let m = n < 0 ? -n : n; ;) {
    if (m % 2 === 1) {
      rHi = ddMulHi(rHi, rLo, bHi, bLo);
      rLo = ddMulLoResult;
      rExp += bExp;
      if (rHi >= 2 || rHi <= -2) {
        rHi *= 0.5; // the product of two mantissas in [1, 2) is below 4: one halving renormalises it
        rLo *= 0.5;
        rExp += 1;
      }
    }
    m = Math.floor(m / 2);
    if (m === 0) break;
    bHi = ddMulHi(bHi, bLo, bHi, bLo);
    bLo = ddMulLoResult;
    bExp *= 2;
    if (bHi >= 2) {
      bHi *= 0.5;
      bLo *= 0.5;
      bExp += 1;
    }
  }
  if (n > 0) return scaleByPowerOfTwo(rHi + rLo, rExp);
  // 1 / (rHi + rLo): q = 1/rHi, then one Newton correction with the exact residual 1 - q rHi.
  const q = 1 / rHi;
  const p = q * rHi;
  const residual = 1 - p - twoProductError(q, rHi, p) - q * rLo;
  return scaleByPowerOfTwo(q + residual * q, -rExp);
}

/** The binary exponent e of a finite nonzero x: 2^e <= |x| < 2^(e + 1). */
function exponentOf(x: number): number {
  const biased = (highWord(x) >>> 20) & 0x7ff;
  if (biased !== 0) return biased - 1023;
  const scaled = x * TWO_54; // subnormal
  return ((highWord(scaled) >>> 20) & 0x7ff) - 1023 - 54;
}

/** x 2^e with a single rounding (x a double between 1/2 and 4 in magnitude, or any x when e stays in range). */
function scaleByPowerOfTwo(x: number, e: number): number {
  if (e > 1023) return x * TWO_1023 * POW2[Math.min(e, 2046) - 1023 + 1074]!; // overflows to ±Infinity
  if (e >= -1022) return x * POW2[e + 1074]!;
  // Subnormal or zero result: an exact scaling first, then the one rounding.
  return x * POW2[Math.max(e, -1200) + 200 + 1074]! * POW2[-200 + 1074]!;
}

/** base^m (m >= 0 an integer) by repeated squaring in plain doubles: the overflow and underflow path of powInt. */
function powIntPlain(base: number, m: number): number {
  let result = 1;
  let b = base;
  for (;;) {
    if (m % 2 === 1) result *= b;
    m = Math.floor(m / 2);
    if (m === 0) return result;
    b *= b;
  }
}

/** The rounding error of a * b = p, exactly (Dekker's product, no fused multiply-add needed). */
function twoProductError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLIT * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** Low part of the last ddMulHi product (a second return value without allocating). */
let ddMulLoResult = 0;

/** (aHi + aLo)(bHi + bLo) in double-double: returns the high part, leaves the low part in ddMulLoResult. */
function ddMulHi(aHi: number, aLo: number, bHi: number, bLo: number): number {
  const p = aHi * bHi;
  const e = twoProductError(aHi, bHi, p) + (aHi * bLo + aLo * bHi);
  const hi = p + e;
  ddMulLoResult = e - (hi - p);
  return hi;
}
