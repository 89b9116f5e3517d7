"use client";
// The learning-rate range: two sliders on a log10 scale for reach, and number inputs for exact values.
import { useId } from "react";
import { RUN_LIMITS } from "@downhill/core";
import { formatLr } from "../../components/class/format.ts";
import { describedBy, FieldError, type FieldErrors } from "./FieldError.tsx";

const LOG_MIN = -6;
const LOG_MAX = Math.log10(RUN_LIMITS.maxLearningRate);

/** 10^exponent, kept to two significant digits so the slider lands on readable rates. */
function fromLog(exponent: number): number {
  return Number((10 ** exponent).toPrecision(2));
}

function Bound({
  label,
  field,
  errors,
  value,
  onChange,
}: {
  label: string;
  field: "lrMin" | "lrMax";
  errors: FieldErrors;
  value: number;
  onChange: (value: number) => void;
}) {
  const id = useId();
  const exponent = Number.isFinite(value) && value > 0 ? Math.log10(value) : LOG_MIN;
  return (
    <div className="lr-bound">
      <label htmlFor={`${id}-slider`} className="field__label">
        {label} (log scale)
      </label>
      <input
        id={`${id}-slider`}
        type="range"
        min={LOG_MIN}
        max={LOG_MAX}
        step={0.1}
        value={Math.min(LOG_MAX, Math.max(LOG_MIN, exponent))}
        aria-valuetext={formatLr(value)}
        onChange={(e) => onChange(fromLog(Number(e.target.value)))}
      />
      <label htmlFor={`${id}-number`} className="sr-only">
        {label}, exact value
      </label>
      <input
        id={`${id}-number`}
        type="number"
        className="input-number"
        min={0}
        max={RUN_LIMITS.maxLearningRate}
        step="any"
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
        {...describedBy(errors, field)}
      />
      <FieldError errors={errors} field={field} />
    </div>
  );
}

export function LrRange({
  lrMin,
  lrMax,
  errors,
  onChange,
}: {
  lrMin: number;
  lrMax: number;
  errors: FieldErrors;
  onChange: (range: { lrMin: number; lrMax: number }) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend>Learning-rate range</legend>
      <Bound
        label="Smallest learning rate"
        field="lrMin"
        errors={errors}
        value={lrMin}
        onChange={(v) => onChange({ lrMin: v, lrMax })}
      />
      <Bound
        label="Largest learning rate"
        field="lrMax"
        errors={errors}
        value={lrMax}
        onChange={(v) => onChange({ lrMin, lrMax: v })}
      />
      <p className="field__hint">
        Students choose a rate between {formatLr(lrMin)} and {formatLr(lrMax)}. A wide range lets them find where
        descent crawls and where it diverges.
      </p>
    </fieldset>
  );
}
