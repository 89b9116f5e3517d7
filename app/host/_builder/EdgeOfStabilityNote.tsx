// The edge of stability of the data and model chosen, from the engine (largestStableLearningRate): the largest
// learning rate at which plain full-batch gradient descent still converges. Set beside the learning-rate range, so
// the instructor can let the class find it, or keep everyone below it.
import { formatLr } from "../../components/class/format.ts";

export function EdgeOfStabilityNote({ edge, lrMax }: { edge: number | null | undefined; lrMax: number }) {
  // Undefined: the challenge is not valid yet, so there is no problem to measure.
  if (edge === undefined) return null;
  return (
    <p className="field__hint edge-note" data-testid="edge-of-stability">
      {edge === null ? (
        "This model's curvature changes as it learns, so it has no single edge of stability: " +
        "where descent diverges depends on where it is."
      ) : (
        <>
          Edge of stability on this data: <strong data-testid="edge-of-stability-value">{formatLr(edge)}</strong>. Plain
          full-batch gradient descent diverges at any learning rate above it (2 / the largest curvature of the loss).{" "}
          {lrMax > edge
            ? "Your range reaches past it, so students can find it."
            : "Your range stays below it: plain gradient descent cannot diverge."}
        </>
      )}
    </p>
  );
}
