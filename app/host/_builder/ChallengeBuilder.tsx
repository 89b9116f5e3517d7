"use client";
// The instructor's challenge builder: presets, dataset, model and rules, checked with challengeIssues (the
// server's own check) as they are edited, each problem written beside its field, then `POST /api/sessions` (createSession.ts)
// and on to the live dashboard; or, on the dashboard of an ended round, the next round's challenge (`newRound`).
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import {
  challengeIssues,
  challengeSchema,
  createProblem,
  largestStableLearningRate,
  verificationCost,
  type Challenge,
  type ChallengeField,
  type FieldIssue,
} from "@downhill/core";
import { storage } from "../../lib/storage.ts";
import { Button } from "../../components/ui/Button.tsx";
import { StatusMessage } from "../../components/ui/StatusMessage.tsx";
import { INITIAL_STATE, PRESETS, toChallenge, withTitle, type BuilderState } from "./builderState.ts";
import { createSession } from "./createSession.ts";
import { DatasetSection } from "./DatasetSection.tsx";
import { describedBy, FieldError, fieldErrorId, type FieldErrors } from "./FieldError.tsx";
import { ModelSection } from "./ModelSection.tsx";
import { RulesSection } from "./RulesSection.tsx";
import { VerificationCostNote } from "./VerificationCostNote.tsx";

/** Fields of a challenge the form has no input for: their problems are listed below the form instead. */
const NOT_IN_FORM: ReadonlySet<ChallengeField> = new Set(["challenge", "schedules", "nesterov"]);

/** The summary below the form: how many marked fields to fix, and whether more problems are listed here. */
function notReady(marked: number, listed: number): string {
  const fields = marked === 1 ? "the field marked above" : `the ${marked} fields marked above`;
  if (listed === 0) return `The challenge is not ready yet: fix ${fields}.`;
  return marked === 0 ? "The challenge is not ready yet:" : `The challenge is not ready yet: fix ${fields}, and this:`;
}

function errorsByField(issues: readonly FieldIssue[]): FieldErrors {
  return Object.fromEntries(issues.map((issue) => [issue.field, issue.message]));
}

/** What sending a challenge came to: accepted, or refused with the server's words and the fields it names. */
export type SendOutcome =
  { readonly ok: true } | { readonly ok: false; readonly message: string; readonly fields: readonly FieldIssue[] };

/** Another round of a live session: the builder sends its challenge there instead of creating a session. */
export interface NextRound {
  readonly round: number;
  readonly send: (challenge: Challenge) => Promise<SendOutcome>;
}

export function ChallengeBuilder({ nextRound }: { readonly nextRound?: NextRound }) {
  const router = useRouter();
  const [state, setState] = useState<BuilderState>(INITIAL_STATE);
  const [presetId, setPresetId] = useState<string | null>(PRESETS[0]!.id);
  const [submitting, setSubmitting] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  /** The problems the server found, until the form changes. */
  const [serverIssues, setServerIssues] = useState<readonly FieldIssue[]>([]);

  const update = (change: (state: BuilderState) => BuilderState) => {
    setState(change);
    setPresetId(null);
    setServerIssues([]);
  };
  const input = toChallenge(state);
  const parsed = challengeSchema.safeParse(input);
  const issues = parsed.success ? serverIssues : challengeIssues(input);
  const errors = errorsByField(issues);
  const elsewhere = issues.filter((issue) => NOT_IN_FORM.has(issue.field));
  // The same estimate the server checks when it creates the session, and the data's edge of stability, rebuilt only when the
  // data, model or rules change.
  const { dataset, size, noise, testFraction, standardize, csv } = state;
  const { model, bias, degree, hidden, activation, epochs, batchSizes, attempts } = state;
  const measured = useMemo(() => {
    const data = { dataset, size, noise, testFraction, standardize, csv };
    const modelAndRules = { model, bias, degree, hidden, activation, epochs, batchSizes, attempts };
    const challenge = challengeSchema.safeParse(toChallenge({ ...INITIAL_STATE, ...data, ...modelAndRules }));
    if (!challenge.success) return null;
    try {
      const problem = createProblem({ dataset: challenge.data.dataset, model: challenge.data.model });
      return { cost: verificationCost(problem, challenge.data), edge: largestStableLearningRate(problem) };
    } catch {
      return null;
    }
  }, [
    dataset,
    size,
    noise,
    testFraction,
    standardize,
    csv,
    model,
    bias,
    degree,
    hidden,
    activation,
    epochs,
    batchSizes,
    attempts,
  ]);
  const cost = measured?.cost ?? null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    setServerError(null);
    if (!parsed.success) {
      // To the first field with a problem, so its message is read with it.
      const first = issues.find((issue) => !NOT_IN_FORM.has(issue.field));
      const marked = first && document.querySelector(`[aria-describedby~="${fieldErrorId(first.field)}"]`);
      // A group (a fieldset) cannot take the focus: its first control does.
      const target = marked instanceof HTMLFieldSetElement ? marked.querySelector("input, select") : marked;
      if (target instanceof HTMLElement) target.focus();
      return;
    }
    if (cost?.withinBudget === false) return;
    setSubmitting(true);
    if (nextRound) {
      const sent = await nextRound.send(parsed.data);
      setSubmitting(false);
      if (!sent.ok) {
        setServerError(sent.message);
        setServerIssues(sent.fields);
      }
      return;
    }
    const outcome = await createSession(parsed.data, storage.instructorKey());
    if (!outcome.ok) {
      setServerError(outcome.message);
      setServerIssues(outcome.fields);
      setSubmitting(false);
      return;
    }
    const { created } = outcome;
    storage.setInstructorKey(created.instructorKey);
    storage.setHostToken(created.code, created.hostToken);
    router.push(`/host/${created.code}`);
  }

  return (
    <form className="builder" onSubmit={(e) => void submit(e)} noValidate>
      <section className="panel" aria-labelledby="presets-title">
        <h2 id="presets-title" className="panel__title">
          Start from a preset
        </h2>
        <div className="presets">
          {PRESETS.map((preset) => (
            <button
              key={preset.id}
              type="button"
              className={`preset ${presetId === preset.id ? "is-selected" : ""}`}
              aria-pressed={presetId === preset.id}
              data-testid={`preset-${preset.id}`}
              onClick={() => {
                setState(preset.state);
                setPresetId(preset.id);
              }}
            >
              <span className="preset__label">{preset.label}</span>
              <span className="preset__blurb">{preset.blurb}</span>
            </button>
          ))}
        </div>
      </section>

      <div className="field">
        <label htmlFor="challenge-title" className="field__label">
          Title shown to the class
        </label>
        <input
          id="challenge-title"
          type="text"
          maxLength={80}
          value={state.title}
          onChange={(e) => {
            const title = e.target.value;
            update((s) => withTitle(s, title));
          }}
          {...describedBy(errors, "title", "challenge-title-hint")}
        />
        <p className="field__hint" id="challenge-title-hint">
          Follows the dataset you choose until you type your own.
        </p>
        <FieldError errors={errors} field="title" />
      </div>

      <DatasetSection state={state} update={update} errors={errors} />
      <ModelSection state={state} update={update} errors={errors} />
      <RulesSection state={state} update={update} errors={errors} edge={measured?.edge} />

      <div className="builder__submit">
        <div aria-live="polite" data-testid="builder-errors">
          {attempted && issues.length > 0 ? (
            <div className="status status--error">
              <p>{notReady(issues.length - elsewhere.length, elsewhere.length)}</p>
              {elsewhere.length > 0 ? (
                <ul>
                  {elsewhere.map((issue) => (
                    <li key={issue.field}>{issue.message}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </div>
        <VerificationCostNote cost={cost} />
        {serverError ? (
          <StatusMessage tone="error" testId="server-error">
            {nextRound ? "Could not open the next round" : "Could not create the session"}: {serverError}
          </StatusMessage>
        ) : null}
        {nextRound ? (
          <Button type="submit" variant="primary" disabled={submitting} data-testid="open-round">
            {submitting ? "Opening…" : `Open round ${nextRound.round}`}
          </Button>
        ) : (
          <Button type="submit" variant="primary" disabled={submitting} data-testid="create-session">
            {submitting ? "Creating…" : "Create the session"}
          </Button>
        )}
      </div>
    </form>
  );
}
