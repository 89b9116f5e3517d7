import { sigmoid } from "../losses/bce.ts";
import type { ActivationName } from "./Model.ts";

/**
 * A hidden-unit nonlinearity a = f(z) paired with its derivative. The derivative is written in terms of the
 * output a (which all three allow), so backpropagation needs only the stored activations.
 */
export interface Activation {
  readonly name: ActivationName;
  /** a = f(z). */
  value(z: number): number;
  /** f'(z) expressed through a = f(z). */
  derivative(a: number): number;
}

/** Every hidden-layer activation by name. */
export const activations: Readonly<Record<ActivationName, Activation>> = {
  /** tanh(z), with tanh'(z) = 1 - a². */
  tanh: { name: "tanh", value: Math.tanh, derivative: (a) => 1 - a * a },
  /** max(z, 0), with derivative 1 where a > 0 and 0 elsewhere (0 at the kink). */
  relu: { name: "relu", value: (z) => (z > 0 ? z : 0), derivative: (a) => (a > 0 ? 1 : 0) },
  /** σ(z), with σ'(z) = a (1 - a). */
  sigmoid: { name: "sigmoid", value: sigmoid, derivative: (a) => a * (1 - a) },
};
