"use client";
// Join a session: a join code (unless the page already has one) and a nickname. Each is checked as the server
// would check it before anything is sent, and a problem is written beside its field, not in a passing tooltip.
import { useId, useRef, useState } from "react";
import { JOIN_CODE_LENGTH, joinCodeSchema, MAX_NAME_LENGTH, normalizeName } from "@downhill/core";

interface Problems {
  readonly code?: string;
  readonly name?: string;
}

/** Why a typed join code cannot be one, or undefined. */
function codeProblem(code: string): string | undefined {
  if (code === "") return "Type the join code shown on the projector.";
  if (!joinCodeSchema.safeParse(code).success) {
    return `A join code is ${JOIN_CODE_LENGTH} letters and digits, as shown on the projector.`;
  }
  return undefined;
}

/** A reason of `normalizeName` as a sentence. */
function sentence(reason: string): string {
  return `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
}

export function JoinForm({
  fixedCode,
  initialCode = "",
  initialName = "",
  onJoin,
  submitLabel = "Join",
}: {
  /** The code from the page's address; the form then asks only for a nickname. */
  fixedCode?: string;
  /** What the code field starts with when there is one: the code to correct. */
  initialCode?: string;
  initialName?: string;
  onJoin: (join: { code: string; name: string }) => void;
  submitLabel?: string;
}) {
  const id = useId();
  const [code, setCode] = useState(fixedCode ?? initialCode);
  const [name, setName] = useState(initialName);
  const [problems, setProblems] = useState<Problems>({});
  const codeRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  /** Ties a field to the problem written beside it. */
  const described = (field: keyof Problems) =>
    problems[field] ? { "aria-invalid": true, "aria-describedby": `${id}-${field}-problem` } : {};
  const problemOf = (field: keyof Problems) =>
    problems[field] ? (
      <p id={`${id}-${field}-problem`} className="field__error" data-testid={`join-${field}-problem`}>
        {problems[field]}
      </p>
    ) : null;

  return (
    <form
      className="descent-card descent-join"
      aria-label="Join a session"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const joinCode = code.trim().toUpperCase();
        const checked = normalizeName(name);
        const found: Problems = {
          code: fixedCode ? undefined : codeProblem(joinCode),
          name: checked.ok ? undefined : sentence(checked.reason),
        };
        setProblems(found);
        // The first field with a problem takes the focus, so a screen reader reads the problem beside it.
        if (found.code) codeRef.current?.focus();
        else if (found.name) nameRef.current?.focus();
        else if (checked.ok) onJoin({ code: fixedCode ?? joinCode, name: checked.name });
      }}
    >
      {fixedCode ? null : (
        <div className="descent-field">
          <label htmlFor={`${id}-code`}>Join code</label>
          <input
            ref={codeRef}
            id={`${id}-code`}
            data-testid="join-code"
            name="code"
            required
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={JOIN_CODE_LENGTH}
            className="descent-join__code"
            value={code}
            onChange={(event) => {
              setCode(event.target.value.toUpperCase());
              setProblems((current) => ({ ...current, code: undefined }));
            }}
            {...described("code")}
          />
          {problemOf("code")}
        </div>
      )}
      <div className="descent-field">
        <label htmlFor={`${id}-name`}>Nickname</label>
        <input
          ref={nameRef}
          id={`${id}-name`}
          data-testid="join-name"
          name="name"
          required
          autoComplete="nickname"
          maxLength={MAX_NAME_LENGTH}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setProblems((current) => ({ ...current, name: undefined }));
          }}
          {...described("name")}
        />
        {problemOf("name")}
      </div>
      <button type="submit" className="descent-button descent-button--primary" data-testid="join-submit">
        {submitLabel}
      </button>
    </form>
  );
}
