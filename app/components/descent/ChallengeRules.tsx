// The challenge's rules as a student needs them before the first run.
import type { Challenge, StudentStateView } from "@downhill/core";
import { Countdown } from "../class/Countdown.tsx";
import { formatBatch, formatLr } from "../class/format.ts";
import { OPTIMIZER_LABELS } from "../class/palette.ts";

function describeModel(challenge: Challenge): string {
  const model = challenge.model;
  switch (model.kind) {
    case "linear":
      return "linear regression";
    case "polynomial":
      return `polynomial of degree ${model.degree}`;
    case "logistic":
      return "logistic regression";
    case "mlp":
      return `neural network (${model.hidden.join("-")} hidden units, ${model.activation})`;
  }
}

export function ChallengeRules({ state, attemptsLeft }: { state: StudentStateView; attemptsLeft: number | null }) {
  const { challenge } = state;
  // The training rows the server sent, whatever recipe built them.
  const data = challenge.dataset.rows;
  return (
    <section className="descent-card" aria-labelledby="rules-heading">
      <div className="descent-card__head">
        <h2 id="rules-heading">{challenge.title}</h2>
        <Countdown state={state} />
      </div>
      <dl className="descent-rules">
        <dt>Dataset</dt>
        <dd>
          {data.title} ({data.rows.length} training {data.rows.length === 1 ? "row" : "rows"})
        </dd>
        <dt>Model</dt>
        <dd>{describeModel(challenge)}</dd>
        <dt>Optimizers</dt>
        <dd>{challenge.optimizers.map((name) => OPTIMIZER_LABELS[name]).join(", ")}</dd>
        <dt>Learning rate</dt>
        <dd>
          {formatLr(challenge.lrMin)} to {formatLr(challenge.lrMax)}
        </dd>
        <dt>Epochs</dt>
        <dd>{challenge.epochs} per run</dd>
        <dt>Batch sizes</dt>
        <dd>{challenge.batchSizes.map(formatBatch).join(", ")}</dd>
        <dt>Attempts left</dt>
        <dd data-testid="attempts-left">
          {attemptsLeft ?? challenge.attempts} of {challenge.attempts}
        </dd>
        <dt>Scored on</dt>
        <dd>
          {challenge.scoring === "test"
            ? "a hidden test split, revealed at the end (the live board shows training loss)"
            : "training loss"}
        </dd>
      </dl>
    </section>
  );
}
