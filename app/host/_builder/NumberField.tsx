// A number input of the builder, labelled, with its challenge field's message beneath it.
import type { ChallengeField } from "@downhill/core";
import { Field } from "../../components/ui/Field.tsx";
import { describedBy, FieldError, type FieldErrors } from "./FieldError.tsx";

/** A numeric control of the builder: its id, its challenge field, its label, its value and bounds. */
export interface NumberControl {
  id: string;
  field: ChallengeField;
  errors: FieldErrors;
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (value: number) => void;
}

export function NumberField({ id, field, errors, label, value, min, max, step = 1, onChange }: NumberControl) {
  return (
    <Field id={id} label={label}>
      <input
        id={id}
        type="number"
        className="input-number"
        min={min}
        max={max}
        step={step}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
        {...describedBy(errors, field)}
      />
      <FieldError errors={errors} field={field} />
    </Field>
  );
}
