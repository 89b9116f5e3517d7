"use client";
// Where every run of the challenge starts, typed one value per parameter: offered for models with a handful of
// parameters (the worked example's w = 1), whose step arithmetic a class follows number by number. Its problems are
// challengeIssues' (a value that is not a number, too far out, one too many), shown beside it.
import { startableParameters, type BuilderState } from "./builderState.ts";
import type { Update } from "./DatasetSection.tsx";
import { describedBy, FieldError, type FieldErrors } from "./FieldError.tsx";

export function StartField({ state, update, errors }: { state: BuilderState; update: Update; errors: FieldErrors }) {
  const names = startableParameters(state);
  if (!names) return null;
  const start = state.start;
  const setValue = (index: number, value: number) =>
    update((s) => ({ ...s, start: names.map((_, i) => (i === index ? value : (s.start?.[i] ?? 0))) }));

  return (
    <fieldset className="fieldset" data-testid="builder-start" {...describedBy(errors, "start", "model-start-hint")}>
      <legend>Where every run starts</legend>
      <div className="field field--check">
        <input
          id="model-start-chosen"
          type="checkbox"
          checked={start !== null}
          onChange={(e) => {
            const chosen = e.target.checked;
            update((s) => ({ ...s, start: chosen ? names.map(() => 0) : null }));
          }}
        />
        <label htmlFor="model-start-chosen">Start every run from these values</label>
      </div>
      <p className="field__hint" id="model-start-hint">
        {start
          ? "Every student's run starts here, so a Step shows the same numbers on every screen."
          : "Unchecked: each run starts from the model's own initialization."}
      </p>
      {start ? (
        <div className="row">
          {names.map((name, index) => (
            <div key={name} className="field">
              <label htmlFor={`model-start-${index}`} className="field__label">
                {name}
              </label>
              <input
                id={`model-start-${index}`}
                type="number"
                className="input-number"
                step="any"
                // An emptied field is NaN in the form: shown empty, and reported beside the field.
                value={Number.isNaN(start[index]) ? "" : (start[index] ?? "")}
                onChange={(e) => setValue(index, e.target.valueAsNumber)}
                aria-invalid={errors.start !== undefined || undefined}
              />
            </div>
          ))}
        </div>
      ) : null}
      <FieldError errors={errors} field="start" />
    </fieldset>
  );
}
