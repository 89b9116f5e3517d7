"use client";
// Join a session: a join code (unless the page already has one) and a nickname.
import { useId, useState } from "react";
import { JOIN_CODE_LENGTH, MAX_NAME_LENGTH, normalizeName } from "@downhill/core";

export function JoinForm({
  fixedCode,
  initialName = "",
  onJoin,
  submitLabel = "Join",
}: {
  /** The code from the page's address; the form then asks only for a nickname. */
  fixedCode?: string;
  initialName?: string;
  onJoin: (join: { code: string; name: string }) => void;
  submitLabel?: string;
}) {
  const id = useId();
  const [code, setCode] = useState(fixedCode ?? "");
  const [name, setName] = useState(initialName);

  return (
    <form
      className="descent-card descent-join"
      aria-label="Join a session"
      onSubmit={(event) => {
        event.preventDefault();
        // The server's own check, so a refused name is explained before anything is sent.
        const checked = normalizeName(name);
        const input = event.currentTarget.elements.namedItem("name");
        if (input instanceof HTMLInputElement) {
          input.setCustomValidity(checked.ok ? "" : `Pick another name: ${checked.reason}.`);
          if (!input.reportValidity()) return;
        }
        const joinCode = code.trim().toUpperCase();
        if (checked.ok && joinCode) onJoin({ code: joinCode, name: checked.name });
      }}
    >
      {fixedCode ? null : (
        <div className="descent-field">
          <label htmlFor={`${id}-code`}>Join code</label>
          <input
            id={`${id}-code`}
            data-testid="join-code"
            name="code"
            required
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={JOIN_CODE_LENGTH}
            minLength={JOIN_CODE_LENGTH}
            pattern={`[A-Za-z0-9]{${JOIN_CODE_LENGTH}}`}
            title={`${JOIN_CODE_LENGTH} letters and digits, as shown on the projector`}
            className="descent-join__code"
            value={code}
            onChange={(event) => setCode(event.target.value.toUpperCase())}
          />
        </div>
      )}
      <div className="descent-field">
        <label htmlFor={`${id}-name`}>Nickname</label>
        <input
          id={`${id}-name`}
          data-testid="join-name"
          name="name"
          required
          autoComplete="nickname"
          maxLength={MAX_NAME_LENGTH}
          value={name}
          onChange={(event) => {
            event.target.setCustomValidity("");
            setName(event.target.value);
          }}
        />
      </div>
      <button type="submit" className="descent-button descent-button--primary" data-testid="join-submit">
        {submitLabel}
      </button>
    </form>
  );
}
