// A problem of the challenge written beside its field: challengeIssues (the server's own check) places each one,
// and the input says it is invalid and points at the message.
import type { ChallengeField } from "@downhill/core";

/** The message to show beside each field of the form that has a problem. */
export type FieldErrors = Partial<Record<ChallengeField, string>>;

export function fieldErrorId(field: ChallengeField): string {
  return `field-error-${field.replace(".", "-")}`;
}

/** The attributes that tie an input (or a fieldset) to its field's message, after any hint it already has. */
export function describedBy(errors: FieldErrors, field: ChallengeField, hintId?: string) {
  const invalid = errors[field] !== undefined;
  const ids = [hintId, invalid ? fieldErrorId(field) : undefined].filter((id) => id !== undefined).join(" ");
  return { "aria-invalid": invalid || undefined, "aria-describedby": ids || undefined };
}

export function FieldError({ errors, field }: { errors: FieldErrors; field: ChallengeField }) {
  const message = errors[field];
  return message === undefined ? null : (
    <p id={fieldErrorId(field)} className="field__error" data-testid={fieldErrorId(field)}>
      {message}
    </p>
  );
}
