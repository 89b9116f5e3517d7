"use client";
// The student's run settings, the Run / Pause / Step / Reset buttons and the speed. The learning rate has two
// labelled controls that stay in step: a log-scale slider over the challenge's range and an exact number field.
// The speed is not a setting of the run (every speed gives the same result), so it stays free while a run descends.
import { useId } from "react";
import { MOMENTUM_OPTIMIZERS, type Challenge, type OptimizerName } from "@downhill/core";
import { formatBatch, formatLr } from "../class/format.ts";
import { OPTIMIZER_LABELS } from "../class/palette.ts";
import { lrToSlider, SLIDER_STEPS, sliderToLr, type RunForm } from "../../play/runForm.ts";
import { SPEEDS, speedLabel, type Speed } from "../../play/pacing.ts";

export interface RunButtons {
  readonly canRun: boolean;
  readonly canPause: boolean;
  /** The run is paused by the student: the pause button reads "Resume". */
  readonly paused: boolean;
  readonly canStep: boolean;
  readonly canReset: boolean;
  /** Settings are locked while a run is under way. */
  readonly locked: boolean;
}

export function RunControls({
  challenge,
  form,
  onChange,
  problem,
  buttons,
  onRun,
  onPause,
  onStep,
  onReset,
  speed,
  onSpeedChange,
}: {
  challenge: Challenge;
  form: RunForm;
  onChange: (form: RunForm) => void;
  /** Why the settings cannot run, or null. */
  problem: string | null;
  buttons: RunButtons;
  onRun: () => void;
  onPause: () => void;
  onStep: () => void;
  onReset: () => void;
  /** Epochs per second of the run under way and of the next one. */
  speed: Speed;
  onSpeedChange: (speed: Speed) => void;
}) {
  const id = useId();
  const lr = Number(form.lr);
  const set = (change: Partial<RunForm>) => onChange({ ...form, ...change });
  const hasMomentum = MOMENTUM_OPTIMIZERS.includes(form.optimizer);

  return (
    <form
      className="descent-controls"
      aria-label="Run settings"
      onSubmit={(event) => {
        event.preventDefault();
        if (buttons.canRun && !problem) onRun();
      }}
    >
      <fieldset className="descent-controls__fields" disabled={buttons.locked}>
        <legend className="sr-only">Settings of your next run</legend>
        <div className="descent-field descent-field--wide">
          <label htmlFor={`${id}-lr-slider`}>
            Learning rate{" "}
            <span className="descent-hint">
              (log scale, {formatLr(challenge.lrMin)} to {formatLr(challenge.lrMax)})
            </span>
          </label>
          <div className="descent-lr">
            <input
              id={`${id}-lr-slider`}
              data-testid="lr-slider"
              type="range"
              min={0}
              max={SLIDER_STEPS}
              step={1}
              value={lrToSlider(lr, challenge)}
              aria-valuetext={`learning rate ${formatLr(lr)}`}
              onChange={(event) => set({ lr: String(sliderToLr(Number(event.target.value), challenge)) })}
            />
            <label htmlFor={`${id}-lr-input`} className="sr-only">
              Learning rate, exact value
            </label>
            <input
              id={`${id}-lr-input`}
              data-testid="lr-input"
              type="number"
              inputMode="decimal"
              min={challenge.lrMin}
              max={challenge.lrMax}
              step="any"
              value={form.lr}
              onChange={(event) => set({ lr: event.target.value })}
            />
          </div>
        </div>
        <div className="descent-field">
          <label htmlFor={`${id}-optimizer`}>Optimizer</label>
          <select
            id={`${id}-optimizer`}
            data-testid="optimizer-select"
            value={form.optimizer}
            onChange={(event) => set({ optimizer: event.target.value as OptimizerName })}
          >
            {challenge.optimizers.map((name) => (
              <option key={name} value={name}>
                {OPTIMIZER_LABELS[name]}
              </option>
            ))}
          </select>
        </div>
        <div className="descent-field">
          <label htmlFor={`${id}-batch`}>Batch size</label>
          <select
            id={`${id}-batch`}
            data-testid="batch-size-select"
            value={form.batchSize}
            onChange={(event) => set({ batchSize: event.target.value })}
          >
            {challenge.batchSizes.map((size) => (
              <option key={String(size)} value={String(size)}>
                {formatBatch(size)}
              </option>
            ))}
          </select>
        </div>
        {hasMomentum ? (
          <div className="descent-field">
            <label htmlFor={`${id}-momentum`}>Momentum</label>
            <input
              id={`${id}-momentum`}
              data-testid="momentum-input"
              type="number"
              inputMode="decimal"
              min={0}
              max={0.999}
              step={0.1}
              value={form.momentum}
              onChange={(event) => set({ momentum: event.target.value })}
            />
          </div>
        ) : null}
        <div className="descent-field">
          <label htmlFor={`${id}-seed`}>Seed</label>
          <input
            id={`${id}-seed`}
            data-testid="seed-input"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={form.seed}
            onChange={(event) => set({ seed: event.target.value })}
          />
        </div>
      </fieldset>
      {problem ? (
        <p className="descent-problem" role="alert" data-testid="config-problem">
          {problem}
        </p>
      ) : null}
      <div className="descent-buttons">
        <button
          type="submit"
          className="descent-button descent-button--primary"
          data-testid="run-button"
          disabled={!buttons.canRun || problem !== null}
        >
          Run
        </button>
        <button
          type="button"
          className="descent-button"
          data-testid="pause-button"
          disabled={!buttons.canPause}
          onClick={onPause}
        >
          {buttons.paused ? "Resume" : "Pause"}
        </button>
        <button
          type="button"
          className="descent-button"
          data-testid="step-button"
          disabled={!buttons.canStep}
          onClick={onStep}
          aria-describedby={`${id}-step-hint`}
        >
          Step
        </button>
        <button
          type="button"
          className="descent-button"
          data-testid="reset-button"
          disabled={!buttons.canReset}
          onClick={onReset}
        >
          Reset
        </button>
      </div>
      <div className="descent-field descent-speed">
        <label htmlFor={`${id}-speed`}>Speed</label>
        <input
          id={`${id}-speed`}
          data-testid="speed-slider"
          type="range"
          min={0}
          max={SPEEDS.length - 1}
          step={1}
          value={SPEEDS.indexOf(speed)}
          aria-valuetext={speedLabel(speed)}
          onChange={(event) => onSpeedChange(SPEEDS[Number(event.target.value)] ?? speed)}
        />
        <output htmlFor={`${id}-speed`} className="descent-hint" data-testid="speed-value">
          {speedLabel(speed)}
        </output>
      </div>
      <p id={`${id}-step-hint`} className="descent-hint">
        Step runs one epoch while paused; with no run under way it starts one, paused. Reset stops the run (it still
        counts as an attempt) and clears the picture. Speed paces the run, even mid-run; the result is the same at every
        speed.
      </p>
    </form>
  );
}
