// The arithmetic of the epoch just run with Step, as the source text writes it: the prediction, the loss, each
// parameter's gradient and new w = old w - lr x gradient. Every number comes from core's explainStep (computed in
// the worker by the Trainer's own calls) or from the parameters the worker reports; none is derived here.
import type { StepExplanation } from "@downhill/core";
import { formatPlainShort } from "../class/format.ts";

/** Significant digits of the numbers shown: enough for 4.2 and -32 to read exactly, short enough to read aloud. */
const DIGITS = 6;

const num = (n: number) => formatPlainShort(n, DIGITS);
/** A number inside a formula: a negative one in parentheses, as in 1 - 0.1 x (-32). */
const term = (n: number) => (n < 0 ? `(${num(n)})` : num(n));

const RULE_WORDS = {
  optimizer: "This optimizer's rule is not lr × gradient alone (it keeps momentum or scales the step)",
  "mini-batch": "This epoch made one step per mini-batch, each from its own batch's gradient",
} as const;

export function StepArithmetic({
  explanation,
  after,
}: {
  explanation: StepExplanation;
  /** The parameters after the step, as the worker reports them. */
  after: readonly number[] | null;
}) {
  const { formulas, rows, params, rule, lr } = explanation;
  const epoch = explanation.epoch + 1;
  return (
    <section
      className="descent-card step-arithmetic"
      aria-labelledby="step-arithmetic-heading"
      data-testid="step-arithmetic"
    >
      <h2 id="step-arithmetic-heading">The arithmetic of epoch {epoch}</h2>
      <dl className="step-arithmetic__lines">
        <dt>Prediction</dt>
        <dd>
          <code>{formulas.prediction}</code>
          <ul>
            {rows.map((row, i) => (
              <li key={i}>
                x = {row.x.map(num).join(", ")}, y = {num(row.y)}: ŷ = {num(row.prediction)}
              </li>
            ))}
          </ul>
          {explanation.rowCount > rows.length ? (
            <p>
              (the first {rows.length} of {explanation.rowCount} rows)
            </p>
          ) : null}
        </dd>
        <dt>Loss</dt>
        <dd>
          <code>{formulas.loss}</code> = <strong data-testid="step-loss">{num(explanation.loss)}</strong>
        </dd>
        <dt>Gradient</dt>
        <dd>
          {params.length > 0 ? (
            <ul>
              {params.map((step, i) => (
                <li key={step.name}>
                  {formulas.gradients[i] ? <code>{formulas.gradients[i]}</code> : `dL/d${step.name}`} ={" "}
                  <strong data-testid={`step-gradient-${step.name}`}>{num(step.gradient)}</strong>
                </li>
              ))}
            </ul>
          ) : (
            <p>
              {explanation.paramCount} parameters; the gradient&apos;s length is {num(explanation.gradientNorm)}.
            </p>
          )}
        </dd>
        <dt>Update (lr = {num(lr)})</dt>
        <dd>
          {rule === "plain" ? (
            params.length > 0 ? (
              <ul>
                {params.map((step) => (
                  <li key={step.name} data-testid={`step-update-${step.name}`}>
                    new {step.name} = old {step.name} - lr × gradient = {num(step.old)} - {num(lr)} ×{" "}
                    {term(step.gradient)} = <strong>{num(step.next ?? Number.NaN)}</strong>
                  </li>
                ))}
              </ul>
            ) : (
              <p>
                Each parameter moved by lr × its gradient; the largest change was{" "}
                {num(explanation.largestChange ?? Number.NaN)}.
              </p>
            )
          ) : (
            <>
              <p>{RULE_WORDS[rule]}.</p>
              {params.length > 0 && after ? (
                <ul>
                  {params.map((step, i) => (
                    <li key={step.name} data-testid={`step-update-${step.name}`}>
                      {step.name}: {num(step.old)} → <strong>{num(after[i] ?? Number.NaN)}</strong>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          )}
        </dd>
      </dl>
    </section>
  );
}
