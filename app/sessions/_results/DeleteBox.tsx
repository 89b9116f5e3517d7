"use client";
// Deleting a past session for good, with everything of its students: two clicks, so one slip deletes nothing.
import Link from "next/link";
import { useState } from "react";
import { Button } from "../../components/ui/Button.tsx";
import { StatusMessage } from "../../components/ui/StatusMessage.tsx";
import { deleteSession, type Access } from "./api.ts";

type Step =
  | { readonly kind: "idle" }
  | { readonly kind: "confirm" }
  | { readonly kind: "deleting" }
  | { readonly kind: "deleted" }
  | { readonly kind: "failed"; readonly message: string };

export function DeleteBox({ sessionId, access }: { sessionId: string; access: Access }) {
  const [step, setStep] = useState<Step>({ kind: "idle" });

  async function confirm() {
    setStep({ kind: "deleting" });
    const error = await deleteSession(sessionId, access);
    setStep(error === null ? { kind: "deleted" } : { kind: "failed", message: error });
  }

  if (step.kind === "deleted") {
    return (
      <StatusMessage testId="session-deleted">
        The session and everything of its students are deleted. <Link href="/sessions">Back to your sessions</Link>
      </StatusMessage>
    );
  }
  return (
    <div className="delete">
      <p className="field__hint">
        Deletes this session, its students, their runs and curves, and its history, from the server for good.
      </p>
      {step.kind === "confirm" || step.kind === "deleting" ? (
        <div className="share__row">
          <Button
            variant="danger"
            disabled={step.kind === "deleting"}
            onClick={() => void confirm()}
            data-testid="delete-confirm"
          >
            Delete for good
          </Button>
          <Button onClick={() => setStep({ kind: "idle" })} disabled={step.kind === "deleting"}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button variant="danger" onClick={() => setStep({ kind: "confirm" })} data-testid="delete-session">
          Delete this session…
        </Button>
      )}
      {step.kind === "failed" ? <StatusMessage tone="error">Could not delete: {step.message}</StatusMessage> : null}
    </div>
  );
}
