"use client";
// The student's run settings, the Run / Pause / Step / Reset buttons and the speed. The learning rate has two
// labelled controls that stay in step: a log-scale slider over the challenge's range and an exact number field.
// The speed is not a setting of the run (every speed gives the same result), so it stays free while a run descends.
// A problem with the settings shows beside its field. The buttons are never `disabled` but `aria-disabled`: a
// button pressed with the keyboard keeps the focus while the run it started makes it unavailable for a moment.
import { useId, type MouseEvent } from "react";
import { MOMENTUM_OPTIMIZERS, type Challenge, type OptimizerName } from "@downhill/core";
import { formatBatch, formatLr } from "../class/format.ts";
import { OPTIMIZER_LABELS } from "../class/palette.ts";
import { lrToSlider, SLIDER_STEPS, sliderToLr, type RunField, type RunForm } from "../../play/runForm.ts";
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

/** Why the settings cannot run, and the field to show it beside (null: below the settings). */
export interface RunProblem {
  readonly field: RunField | null;
  readonly reason: string;
}

/** Runs `action` only while the button is available: an aria-disabled button still receives clicks. */
function whenAvailable(available: boolean, action: () => void) {
  return (event: MouseEvent<HTMLButtonElement>) => {
    if (available) action();
    else event.preventDefault();
  };
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
  problem: RunProblem | null;
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
  const problemId = `${id}-problem`;
  /** The attributes that tie a field to the problem shown beside it. */
  const invalidIf = (field: RunField) =>
    problem?.field === field ? { "aria-invalid": true, "aria-describedby": problemId } : {};
  const problemBeside = (field: RunField | null) =>
    problem && problem.field === field ? (
      <p id={problemId} className="descent-problem" role="alert" data-testid="config-problem">
        {problem.reason}
      </p>
    ) : null;
  // Settings with a problem start nothing: not by Run, nor by Step (which starts a run when none is under way; the
  // settings of one under way are locked, so they have no problem).
  const canRun = buttons.canRun && problem === null;
  const canStep = buttons.canStep && problem === null;

  return (
    <form
      className="descent-controls"
      aria-label="Run settings"
      onSubmit={(event) => {
        event.preventDefault();
        if (canRun) onRun();
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
              {...invalidIf("lr")}
            />
          </div>
          {problemBeside("lr")}
        </div>
        <div className="descent-field">
          <label htmlFor={`${id}-optimizer`}>Optimizer</label>
          <select
            id={`${id}-optimizer`}
            data-testid="optimizer-select"
            value={form.optimizer}
            onChange={(event) => set({ optimizer: event.target.value as OptimizerName })}
            {...invalidIf("optimizer")}
          >
            {challenge.optimizers.map((name) => (
              <option key={name} value={name}>
                {OPTIMIZER_LABELS[name]}
              </option>
            ))}
          </select>
          {problemBeside("optimizer")}
        </div>
        <div className="descent-field">
          <label htmlFor={`${id}-batch`}>Batch size</label>
          <select
            id={`${id}-batch`}
            data-testid="batch-size-select"
            value={form.batchSize}
            onChange={(event) => set({ batchSize: event.target.value })}
            {...invalidIf("batchSize")}
          >
            {challenge.batchSizes.map((size) => (
              <option key={String(size)} value={String(size)}>
                {formatBatch(size)}
              </option>
            ))}
          </select>
          {problemBeside("batchSize")}
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
              {...invalidIf("momentum")}
            />
            {problemBeside("momentum")}
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
            {...invalidIf("seed")}
          />
          {problemBeside("seed")}
        </div>
      </fieldset>
      {problemBeside(null)}
      <div className="descent-buttons">
        <button
          type="submit"
          className="descent-button descent-button--primary"
          data-testid="run-button"
          aria-disabled={!canRun}
          // Submitting the form runs; an unavailable Run must not submit it.
          onClick={(event) => {
            if (!canRun) event.preventDefault();
          }}
        >
          Run
        </button>
        <button
          type="button"
          className="descent-button"
          data-testid="pause-button"
          aria-disabled={!buttons.canPause}
          onClick={whenAvailable(buttons.canPause, onPause)}
        >
          {buttons.paused ? "Resume" : "Pause"}
        </button>
        <button
          type="button"
          className="descent-button"
          data-testid="step-button"
          aria-disabled={!canStep}
          onClick={whenAvailable(canStep, onStep)}
          aria-describedby={`${id}-step-hint`}
        >
          Step
        </button>
        <button
          type="button"
          className="descent-button"
          data-testid="reset-button"
          aria-disabled={!buttons.canReset}
          onClick={whenAvailable(buttons.canReset, onReset)}
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
