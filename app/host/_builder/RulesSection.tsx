"use client";
// The rules of the race: allowed optimizers, learning rates, batch sizes, the epoch budget, attempts, time and
// how the final ranking is scored.
import { LEADERBOARD_TOP_MAX, OPTIMIZER_NAMES, RUN_LIMITS, type OptimizerName } from "@downhill/core";
import { formatBatch } from "../../components/class/format.ts";
import { OPTIMIZER_LABELS } from "../../components/class/palette.ts";
import { CheckField } from "../../components/ui/CheckField.tsx";
import { Panel } from "../../components/ui/Panel.tsx";
import { BATCH_CHOICES, type BatchChoice } from "./builderState.ts";
import type { SectionProps } from "./DatasetSection.tsx";
import { EdgeOfStabilityNote } from "./EdgeOfStabilityNote.tsx";
import { describedBy, FieldError } from "./FieldError.tsx";
import { LrRange } from "./LrRange.tsx";
import { NumberField } from "./NumberField.tsx";

function toggle<T>(list: readonly T[], item: T, on: boolean, order: readonly T[]): T[] {
  const set = new Set(list);
  if (on) set.add(item);
  else set.delete(item);
  return order.filter((x) => set.has(x));
}

/** The numbers every run is held to, each with the builder state it edits. */
const RULE_NUMBERS = [
  {
    id: "rules-epochs",
    field: "epochs",
    stateKey: "epochs",
    label: "Epoch budget (every run)",
    min: 1,
    max: RUN_LIMITS.maxEpochs,
  },
  { id: "rules-attempts", field: "attempts", stateKey: "attempts", label: "Attempts per student", min: 1, max: 100 },
  {
    id: "rules-time",
    field: "timeLimitSeconds",
    stateKey: "timeLimitMinutes",
    label: "Time limit (minutes)",
    min: 0.5,
    max: 240,
    step: 0.5,
  },
] as const;

export function RulesSection({
  state,
  update,
  errors,
  edge,
}: SectionProps & {
  /** The edge of stability of the chosen data and model; undefined while the challenge is not valid. */
  edge: number | null | undefined;
}) {
  return (
    <Panel title="Rules" id="rules">
      <fieldset className="fieldset choices-inline" {...describedBy(errors, "optimizers")}>
        <legend>Allowed optimizers</legend>
        {OPTIMIZER_NAMES.map((name: OptimizerName) => (
          <CheckField
            key={name}
            id={`optimizer-${name}`}
            checked={state.optimizers.includes(name)}
            onChange={(on) => update((s) => ({ ...s, optimizers: toggle(s.optimizers, name, on, OPTIMIZER_NAMES) }))}
          >
            {OPTIMIZER_LABELS[name]}
          </CheckField>
        ))}
        <FieldError errors={errors} field="optimizers" />
      </fieldset>
      <LrRange
        lrMin={state.lrMin}
        lrMax={state.lrMax}
        errors={errors}
        onChange={(range) => update((s) => ({ ...s, ...range }))}
      />
      <EdgeOfStabilityNote edge={edge} lrMax={state.lrMax} />
      <fieldset className="fieldset choices-inline" {...describedBy(errors, "batchSizes")}>
        <legend>Allowed batch sizes</legend>
        {BATCH_CHOICES.map((batch: BatchChoice) => (
          <CheckField
            key={String(batch)}
            id={`batch-${batch}`}
            checked={state.batchSizes.includes(batch)}
            onChange={(on) => update((s) => ({ ...s, batchSizes: toggle(s.batchSizes, batch, on, BATCH_CHOICES) }))}
          >
            {formatBatch(batch)}
          </CheckField>
        ))}
        <FieldError errors={errors} field="batchSizes" />
      </fieldset>
      <div className="row">
        {RULE_NUMBERS.map(({ stateKey, ...control }) => (
          <NumberField
            key={control.id}
            {...control}
            errors={errors}
            value={state[stateKey]}
            onChange={(value) => update((s) => ({ ...s, [stateKey]: value }))}
          />
        ))}
      </div>
      <fieldset className="fieldset choices-inline" {...describedBy(errors, "scoring")}>
        <legend>Rank the final leaderboard by</legend>
        <CheckField
          id="scoring-train"
          type="radio"
          name="scoring"
          checked={state.scoring === "train"}
          onChange={() => update((s) => ({ ...s, scoring: "train" }))}
        >
          Training loss
        </CheckField>
        <CheckField
          id="scoring-test"
          type="radio"
          name="scoring"
          disabled={state.testFraction <= 0}
          describedBy="scoring-test-hint"
          checked={state.scoring === "test"}
          onChange={() => update((s) => ({ ...s, scoring: "test" }))}
        >
          Hidden test split (revealed at the end)
        </CheckField>
        <p className="field__hint" id="scoring-test-hint">
          {state.testFraction > 0
            ? "Scoring on held-out rows rewards models that generalize, not ones that memorize. Students receive only " +
              "the training rows, split (and generated) from a secret seed the server draws, so not the preview's."
            : "Hold out a test split in the dataset section to score on it."}
        </p>
        <FieldError errors={errors} field="scoring" />
      </fieldset>
      <LeaderboardModeChoice state={state} update={update} errors={errors} />
    </Panel>
  );
}

/** The size a "top" board starts at when the instructor picks it. */
const DEFAULT_TOP_SIZE = 5;

/** What students see of the ranking: the whole board, the best few plus their own rank, or their own percentile. */
function LeaderboardModeChoice({ state, update, errors }: SectionProps) {
  const mode = state.leaderboard;
  const topSize = mode.mode === "top" ? mode.size : DEFAULT_TOP_SIZE;
  return (
    <fieldset className="fieldset" data-testid="leaderboard-mode" {...describedBy(errors, "leaderboard")}>
      <legend>Students see</legend>
      <CheckField
        id="board-full"
        type="radio"
        name="leaderboard-mode"
        checked={mode.mode === "full"}
        onChange={() => update((s) => ({ ...s, leaderboard: { mode: "full" } }))}
      >
        The whole leaderboard, with names
      </CheckField>
      <CheckField
        id="board-top"
        type="radio"
        name="leaderboard-mode"
        checked={mode.mode === "top"}
        onChange={() => update((s) => ({ ...s, leaderboard: { mode: "top", size: topSize } }))}
      >
        Only the top few, and each their own rank
      </CheckField>
      {mode.mode === "top" ? (
        <NumberField
          id="board-top-size"
          field="leaderboard.size"
          errors={errors}
          label="Students on the board"
          value={mode.size}
          min={1}
          max={LEADERBOARD_TOP_MAX}
          onChange={(size) => update((s) => ({ ...s, leaderboard: { mode: "top", size } }))}
        />
      ) : null}
      <CheckField
        id="board-percentile"
        type="radio"
        name="leaderboard-mode"
        checked={mode.mode === "percentile"}
        onChange={() => update((s) => ({ ...s, leaderboard: { mode: "percentile" } }))}
      >
        Only their own percentile (no one else&apos;s name or loss)
      </CheckField>
      <p className="field__hint">
        A full public ranking discourages the bottom third of a class. Your dashboard and the results page always show
        everything; the projector&apos;s presentation view shows what students see.
      </p>
      <FieldError errors={errors} field="leaderboard" />
    </fieldset>
  );
}
