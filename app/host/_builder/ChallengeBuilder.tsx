"use client";
// The instructor's challenge builder: presets, dataset, model and rules, checked with the wire's own
// challengeSchema before it is sent, then `POST /api/sessions` (createSession.ts) and on to the live dashboard.
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import {
  challengeSchema,
  createProblem,
  largestStableLearningRate,
  verificationCost,
  type FieldIssue,
} from "@downhill/core";
import { storage } from "../../lib/storage.ts";
import { Button } from "../../components/ui/Button.tsx";
import { StatusMessage } from "../../components/ui/StatusMessage.tsx";
import { INITIAL_STATE, PRESETS, toChallenge, type BuilderState } from "./builderState.ts";
import { createSession } from "./createSession.ts";
import { DatasetSection } from "./DatasetSection.tsx";
import { ModelSection } from "./ModelSection.tsx";
import { RulesSection } from "./RulesSection.tsx";
import { VerificationCostNote } from "./VerificationCostNote.tsx";

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "") + issue.message);
}

export function ChallengeBuilder() {
  const router = useRouter();
  const [state, setState] = useState<BuilderState>(INITIAL_STATE);
  const [presetId, setPresetId] = useState<string | null>(PRESETS[0]!.id);
  const [submitting, setSubmitting] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [serverError, setServerError] = useState<{ message: string; fields: readonly FieldIssue[] } | null>(null);

  const update = (change: (state: BuilderState) => BuilderState) => {
    setState(change);
    setPresetId(null);
  };
  const parsed = challengeSchema.safeParse(toChallenge(state));
  const issues = parsed.success ? [] : describeIssues(parsed.error.issues);
  // The same estimate the server checks when it creates the session, and the data's edge of stability, rebuilt only
  // when the data, model or rules change.
  const { dataset, size, noise, testFraction, standardize, csv, model, degree, hidden, activation } = state;
  const { epochs, batchSizes, attempts } = state;
  const measured = useMemo(() => {
    const challenge = challengeSchema.safeParse(
      toChallenge({
        ...INITIAL_STATE,
        dataset,
        size,
        noise,
        testFraction,
        standardize,
        csv,
        model,
        degree,
        hidden,
        activation,
        epochs,
        batchSizes,
        attempts,
      }),
    );
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
    if (!parsed.success || cost?.withinBudget === false) return;
    setSubmitting(true);
    const outcome = await createSession(parsed.data, storage.instructorKey());
    if (!outcome.ok) {
      setServerError({ message: outcome.message, fields: outcome.fields });
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
          onChange={(e) => update((s) => ({ ...s, title: e.target.value }))}
        />
      </div>

      <DatasetSection state={state} update={update} />
      <ModelSection state={state} update={update} />
      <RulesSection state={state} update={update} edge={measured?.edge} />

      <div className="builder__submit">
        <div aria-live="polite" data-testid="builder-errors">
          {attempted && issues.length > 0 ? (
            <div className="status status--error">
              <p>The challenge is not valid yet:</p>
              <ul>
                {issues.map((issue) => (
                  <li key={issue}>{issue}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
        <VerificationCostNote cost={cost} />
        {serverError ? (
          <StatusMessage tone="error" testId="server-error">
            <p>Could not create the session: {serverError.message}</p>
            {/* The message names the first field; the rest are listed when there are more. */}
            {serverError.fields.length > 1 ? (
              <ul>
                {serverError.fields.map((issue, index) => (
                  <li key={`${index}-${issue.field}`}>
                    {issue.field}: {issue.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </StatusMessage>
        ) : null}
        <Button type="submit" variant="primary" disabled={submitting} data-testid="create-session">
          {submitting ? "Creating…" : "Create the session"}
        </Button>
      </div>
    </form>
  );
}
