import { sigmoid } from "../math/portable.ts";
import { tableTanh } from "../math/tableTanh.ts";
import type { ActivationName } from "./Model.ts";

/**
 * A hidden-unit nonlinearity a = f(z) paired with its derivative. The derivative is written in terms of the
 * output a (which all three allow), so backpropagation needs only the stored activations.
 *
 * The in-place forms run the same formulas over a range of a buffer. The MLP calls them once per unit and block of
 * rows: each is a separate small function, so the engine inlines f into its loop and no number is boxed on the way.
 */
export interface Activation {
  readonly name: ActivationName;
  /** a = f(z). */
  value(z: number): number;
  /** f'(z) expressed through a = f(z). */
  derivative(a: number): number;
  /** values[i] = f(values[i]) for start <= i < end. */
  applyInPlace(values: Float64Array, start: number, end: number): void;
  /** delta[i] = delta[i] f'(z_i) for start <= i < end, where act[i] = f(z_i). */
  scaleByDerivative(delta: Float64Array, act: Float64Array, start: number, end: number): void;
}

/** Every hidden-layer activation by name. */
export const activations: Readonly<Record<ActivationName, Activation>> = {
  /** tanh(z) (by table: tableTanh.ts), with tanh'(z) = 1 - a². */
  tanh: {
    name: "tanh",
    value: tableTanh,
    derivative: (a) => 1 - a * a,
    applyInPlace(values, start, end) {
      for (let i = start; i < end; i++) values[i] = tableTanh(values[i]!);
    },
    scaleByDerivative(delta, act, start, end) {
      for (let i = start; i < end; i++) {
        const a = act[i]!;
        delta[i] = delta[i]! * (1 - a * a);
      }
    },
  },
  /** max(z, 0), with derivative 1 where a > 0 and 0 elsewhere (0 at the kink). */
  relu: {
    name: "relu",
    value: (z) => (z > 0 ? z : 0),
    derivative: (a) => (a > 0 ? 1 : 0),
    applyInPlace(values, start, end) {
      for (let i = start; i < end; i++) {
        const z = values[i]!;
        values[i] = z > 0 ? z : 0;
      }
    },
    scaleByDerivative(delta, act, start, end) {
      for (let i = start; i < end; i++) delta[i] = delta[i]! * (act[i]! > 0 ? 1 : 0);
    },
  },
  /** σ(z), with σ'(z) = a (1 - a). */
  sigmoid: {
    name: "sigmoid",
    value: sigmoid,
    derivative: (a) => a * (1 - a),
    applyInPlace(values, start, end) {
      for (let i = start; i < end; i++) values[i] = sigmoid(values[i]!);
    },
    scaleByDerivative(delta, act, start, end) {
      for (let i = start; i < end; i++) {
        const a = act[i]!;
        delta[i] = delta[i]! * (a * (1 - a));
      }
    },
  },
};
