"use client";
// The model every student trains: only the kinds that fit the dataset's task are offered.
import { ACTIVATIONS, MAX_POLYNOMIAL_DEGREE, MLP_LIMITS } from "@downhill/core";
import { CheckField } from "../../components/ui/CheckField.tsx";
import { Field } from "../../components/ui/Field.tsx";
import { Panel } from "../../components/ui/Panel.tsx";
import { datasetShape, modelsFor, withModel, type ModelKindChoice } from "./builderState.ts";
import type { SectionProps } from "./DatasetSection.tsx";
import { describedBy, FieldError } from "./FieldError.tsx";
import { NumberField } from "./NumberField.tsx";
import { StartField } from "./StartField.tsx";

const MODEL_LABELS: Record<ModelKindChoice, { title: string; text: string }> = {
  linear: { title: "Linear", text: "y = w·x + b: the straight line (or plane) of the lesson." },
  polynomial: { title: "Polynomial", text: "y = w₁x + w₂x² + … + b, on a single feature." },
  logistic: { title: "Logistic regression", text: "A straight decision boundary through a sigmoid." },
  mlp: { title: "Neural network (MLP)", text: "Hidden layers of units: curved fits and boundaries." },
};

export function ModelSection({ state, update, errors }: SectionProps) {
  const allowed = modelsFor(datasetShape(state));
  // Another shape has other parameters: a start typed for the old one goes, as with another model kind.
  const setHidden = (hidden: number[]) => update((s) => ({ ...s, hidden, start: null }));

  return (
    <Panel title="Model" id="model">
      <fieldset className="fieldset choices-inline" {...describedBy(errors, "model")}>
        <legend>Model kind</legend>
        {allowed.map((kind) => (
          <label key={kind} className={`choice ${state.model === kind ? "is-selected" : ""}`}>
            <input
              type="radio"
              name="model"
              value={kind}
              checked={state.model === kind}
              onChange={() => update((s) => withModel(s, kind, s.bias))}
            />
            <span className="choice__title">{MODEL_LABELS[kind].title}</span>
            <span className="choice__text">{MODEL_LABELS[kind].text}</span>
          </label>
        ))}
        <FieldError errors={errors} field="model" />
      </fieldset>
      {state.model === "linear" ? (
        <CheckField id="model-bias" checked={state.bias} onChange={(on) => update((s) => withModel(s, s.model, on))}>
          With a bias b (unchecked: y = w·x, as in the source text&apos;s worked example)
        </CheckField>
      ) : null}
      {state.model === "polynomial" ? (
        <NumberField
          id="model-degree"
          field="model.degree"
          errors={errors}
          label="Degree"
          value={state.degree}
          min={1}
          max={MAX_POLYNOMIAL_DEGREE}
          onChange={(degree) => update((s) => ({ ...s, degree, start: null }))}
        />
      ) : null}
      {state.model === "mlp" ? (
        <div className="mlp-options">
          <fieldset className="fieldset" {...describedBy(errors, "model.hidden")}>
            <legend>Hidden layers (units per layer)</legend>
            <div className="row">
              {state.hidden.map((units, index) => (
                <div key={index} className="field">
                  <label htmlFor={`mlp-layer-${index}`} className="field__label">
                    Layer {index + 1}
                  </label>
                  <input
                    id={`mlp-layer-${index}`}
                    type="number"
                    className="input-number"
                    min={1}
                    max={MLP_LIMITS.maxUnits}
                    value={units}
                    onChange={(e) => setHidden(state.hidden.map((u, i) => (i === index ? Number(e.target.value) : u)))}
                    aria-invalid={errors["model.hidden"] !== undefined || undefined}
                  />
                </div>
              ))}
            </div>
            <div className="row">
              <button
                type="button"
                className="btn btn--secondary"
                disabled={state.hidden.length >= MLP_LIMITS.maxHiddenLayers}
                onClick={() => setHidden([...state.hidden, 8])}
              >
                Add a layer
              </button>
              <button
                type="button"
                className="btn btn--secondary"
                disabled={state.hidden.length <= 1}
                onClick={() => setHidden(state.hidden.slice(0, -1))}
              >
                Remove the last layer
              </button>
            </div>
            <FieldError errors={errors} field="model.hidden" />
          </fieldset>
          <Field id="mlp-activation" label="Activation">
            <select
              id="mlp-activation"
              value={state.activation}
              onChange={(e) => update((s) => ({ ...s, activation: e.target.value as (typeof ACTIVATIONS)[number] }))}
              {...describedBy(errors, "model.activation")}
            >
              {ACTIVATIONS.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <FieldError errors={errors} field="model.activation" />
          </Field>
        </div>
      ) : null}
      <StartField state={state} update={update} errors={errors} />
    </Panel>
  );
}
