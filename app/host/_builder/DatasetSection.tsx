"use client";
// Which data the class descends on: a built-in dataset (with size and noise where it is generated) or an
// uploaded CSV, the share held out as a hidden test split, and a preview of the rows.
import { useMemo } from "react";
import { DATASET_NAMES, DATASET_OPTION_LIMITS, datasets, type DatasetName, type DatasetRef } from "@downhill/core";
import { CheckField } from "../../components/ui/CheckField.tsx";
import { Field } from "../../components/ui/Field.tsx";
import { Panel } from "../../components/ui/Panel.tsx";
import { CsvInput } from "./CsvInput.tsx";
import { DatasetPreview } from "./DatasetPreview.tsx";
import { describedBy, FieldError, type FieldErrors } from "./FieldError.tsx";
import type { NumberControl } from "./NumberField.tsx";
import { toDatasetRef, withDataset, type BuilderState } from "./builderState.ts";

export type Update = (change: (state: BuilderState) => BuilderState) => void;

/** A range input for a numeric control, with `display` beside its label and read out as its value. */
function Slider({
  id,
  field,
  errors,
  label,
  value,
  min,
  max,
  step,
  display,
  onChange,
}: NumberControl & { step: number; display: string }) {
  return (
    <Field
      id={id}
      className="field--slider"
      label={
        <>
          {label}: <output htmlFor={id}>{display}</output>
        </>
      }
    >
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-valuetext={display}
        onChange={(e) => onChange(Number(e.target.value))}
        {...describedBy(errors, field)}
      />
      <FieldError errors={errors} field={field} />
    </Field>
  );
}

/** What each section of the builder works on: the form's state, a way to change it, and each field's problem. */
export interface SectionProps {
  state: BuilderState;
  update: Update;
  errors: FieldErrors;
}

export function DatasetSection({ state, update, errors }: SectionProps) {
  const { dataset, size, noise, testFraction, standardize, csv } = state;
  const previewRef = useMemo<DatasetRef | null>(() => {
    if (dataset === "csv" && !csv) return null;
    return toDatasetRef({ dataset, size, noise, testFraction, standardize, csv });
  }, [dataset, size, noise, testFraction, standardize, csv]);
  const adjustable = dataset === "csv" ? { size: false, noise: false } : datasets[dataset].adjustable;
  const choose = (name: DatasetName | "csv") => update((s) => withDataset(s, name, name === "csv" ? s.csv : null));

  return (
    <Panel title="Dataset" id="dataset">
      <div className="builder__dataset">
        <fieldset className="fieldset dataset-picker" {...describedBy(errors, "dataset")}>
          <legend>Choose the data</legend>
          {DATASET_NAMES.map((name) => {
            const spec = datasets[name];
            return (
              <label key={name} className={`choice ${dataset === name ? "is-selected" : ""}`}>
                <input
                  type="radio"
                  name="dataset"
                  value={name}
                  checked={dataset === name}
                  onChange={() => choose(name)}
                />
                <span className="choice__title">
                  {spec.title} <span className="choice__tag">{spec.task}</span>
                </span>
                <span className="choice__text">{spec.description}</span>
              </label>
            );
          })}
          <label className={`choice ${dataset === "csv" ? "is-selected" : ""}`}>
            <input type="radio" name="dataset" value="csv" checked={dataset === "csv"} onChange={() => choose("csv")} />
            <span className="choice__title">Your own CSV</span>
            <span className="choice__text">Upload or paste a table of numbers; the last column is the target.</span>
          </label>
        </fieldset>
        <div className="builder__dataset-options">
          {dataset === "csv" ? (
            <CsvInput errors={errors} onData={(data) => update((s) => withDataset(s, "csv", data))} />
          ) : (
            <FieldError errors={errors} field="dataset" />
          )}
          {adjustable.size ? (
            <Slider
              id="dataset-size"
              field="dataset.size"
              errors={errors}
              label="Rows"
              value={size}
              min={10}
              max={1000}
              step={10}
              display={String(size)}
              onChange={(v) => update((s) => ({ ...s, size: v }))}
            />
          ) : null}
          {adjustable.noise ? (
            <Slider
              id="dataset-noise"
              field="dataset.noise"
              errors={errors}
              label="Noise (standard deviation)"
              value={noise}
              min={DATASET_OPTION_LIMITS.noise.min}
              max={3}
              step={0.05}
              display={noise.toFixed(2)}
              onChange={(v) => update((s) => ({ ...s, noise: v }))}
            />
          ) : null}
          <Slider
            id="dataset-test-fraction"
            field="dataset.testFraction"
            errors={errors}
            label="Held out as a test split"
            value={testFraction}
            min={0}
            max={DATASET_OPTION_LIMITS.testFraction.max}
            step={0.05}
            display={`${Math.round(testFraction * 100)}%`}
            onChange={(v) => update((s) => ({ ...s, testFraction: v, scoring: v > 0 ? s.scoring : "train" }))}
          />
          <CheckField
            id="dataset-standardize"
            checked={standardize}
            onChange={(on) => update((s) => ({ ...s, standardize: on }))}
          >
            Standardize features (mean 0, standard deviation 1)
          </CheckField>
          <DatasetPreview datasetRef={previewRef} />
        </div>
      </div>
    </Panel>
  );
}
