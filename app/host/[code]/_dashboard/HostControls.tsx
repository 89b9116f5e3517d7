"use client";
// The host's buttons, each enabled only where the session's lifecycle allows it. A refused command shows the
// server's message in a live region.
import { useState } from "react";
import type { HostCommand, SessionStateView } from "@downhill/core";
import { Button, type ButtonVariant } from "../../../components/ui/Button.tsx";

interface Control {
  readonly testId: string;
  readonly label: string;
  readonly command: HostCommand;
  readonly enabled: boolean;
  readonly variant?: ButtonVariant;
  readonly pressed?: boolean;
  readonly confirm?: string;
}

function controls(state: SessionStateView): Control[] {
  const { status } = state;
  const ended = status === "ended";
  return [
    {
      testId: "host-start",
      label: "Start",
      command: { type: "start" },
      enabled: status === "lobby",
      variant: "primary",
    },
    { testId: "host-pause", label: "Pause", command: { type: "pause" }, enabled: status === "running" },
    {
      testId: "host-resume",
      label: "Resume",
      command: { type: "resume" },
      enabled: status === "paused",
      variant: "primary",
    },
    { testId: "host-extend-60", label: "+1 min", command: { type: "extend", seconds: 60 }, enabled: !ended },
    { testId: "host-extend-300", label: "+5 min", command: { type: "extend", seconds: 300 }, enabled: !ended },
    {
      testId: "host-end",
      label: "End now",
      command: { type: "end" },
      enabled: !ended,
      variant: "danger",
      confirm: "End the round for everyone now?",
    },
    {
      testId: "host-lock",
      label: state.locked ? "Unlock joining" : "Lock joining",
      command: { type: state.locked ? "unlock" : "lock" },
      enabled: !ended,
      pressed: state.locked,
    },
    {
      testId: "host-anonymize",
      label: state.anonymized ? "Show names" : "Hide names",
      command: { type: "anonymize", on: !state.anonymized },
      enabled: true,
      pressed: state.anonymized,
    },
    {
      testId: "host-reveal",
      label: state.revealed ? "Revealed" : "Reveal final ranking",
      command: { type: "reveal" },
      enabled: ended && !state.revealed,
      variant: "primary",
    },
  ];
}

export function HostControls({
  state,
  send,
}: {
  state: SessionStateView;
  send: (command: HostCommand) => Promise<string | null>;
}) {
  const [pending, setPending] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "info"; text: string } | null>(null);

  async function run(control: Control) {
    if (control.confirm && !window.confirm(control.confirm)) return;
    setPending(control.testId);
    setMessage(null);
    const error = await send(control.command);
    setPending(null);
    setMessage(error ? { tone: "error", text: `${control.label}: ${error}` } : null);
  }

  return (
    <div className="host-controls">
      <div className="host-controls__buttons" role="group" aria-label="Session controls">
        {controls(state).map((control) => (
          <Button
            key={control.testId}
            variant={control.variant ?? "secondary"}
            data-testid={control.testId}
            disabled={!control.enabled || pending !== null}
            aria-pressed={control.pressed}
            onClick={() => void run(control)}
          >
            {control.label}
          </Button>
        ))}
      </div>
      <div aria-live="assertive" className="host-controls__message" data-testid="host-command-error">
        {message ? <p className={`status status--${message.tone}`}>{message.text}</p> : null}
      </div>
    </div>
  );
}
