import type { Split } from "../datasets/Dataset.ts";
import type { Model } from "../models/Model.ts";

export interface LossSurfaceOptions {
  /** Range of the first parameter (the weight w), ends included. */
  readonly wRange: readonly [number, number];
  /** Range of the second parameter (the bias b), ends included. */
  readonly bRange: readonly [number, number];
  /** Grid points along each axis, at least 2. */
  readonly resolution: number;
}

export interface LossSurface {
  /** The w grid, `resolution` evenly spaced values. */
  readonly w: Float64Array;
  /** The b grid, `resolution` evenly spaced values. */
  readonly b: Float64Array;
  /** loss[bIndex * resolution + wIndex]: the model's mean loss on the split at params [w[wIndex], b[bIndex]]. */
  readonly loss: Float64Array;
}

/**
 * The loss L(w, b) of a two-parameter model (params = [w, b]) on a regular grid over wRange × bRange: the landscape
 * a class descends on. Throws when the model does not have exactly 2 parameters or the options are not a grid.
 */
export function lossSurface(model: Model, split: Split, options: LossSurfaceOptions): LossSurface {
  if (model.paramCount !== 2) {
    throw new Error(`a loss surface needs a model with exactly 2 parameters, this one has ${model.paramCount}`);
  }
  const { wRange, bRange, resolution } = options;
  if (!Number.isInteger(resolution) || resolution < 2) {
    throw new Error(`resolution must be an integer of at least 2, got ${resolution}`);
  }
  for (const value of [...wRange, ...bRange]) {
    if (!Number.isFinite(value)) throw new Error("wRange and bRange must be finite");
  }
  const w = grid(wRange, resolution);
  const b = grid(bRange, resolution);
  const loss = new Float64Array(resolution * resolution);
  const params = new Float64Array(2);
  for (let bi = 0; bi < resolution; bi++) {
    params[1] = b[bi]!;
    for (let wi = 0; wi < resolution; wi++) {
      params[0] = w[wi]!;
      loss[bi * resolution + wi] = model.loss(params, split);
    }
  }
  return { w, b, loss };
}

/** `count` evenly spaced values from range[0] to range[1], both ends included. */
function grid(range: readonly [number, number], count: number): Float64Array {
  const values = new Float64Array(count);
  const step = (range[1] - range[0]) / (count - 1);
  for (let i = 0; i < count; i++) values[i] = range[0] + i * step;
  values[count - 1] = range[1];
  return values;
}
