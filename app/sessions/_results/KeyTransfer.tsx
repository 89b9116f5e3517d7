"use client";
// Carries the instructor key between devices: this browser's key as a link and as typed groups, and a form that
// takes a link or key from another device. A key is kept only once the server lists sessions for it, so a typo
// never replaces a working key.
import { useEffect, useState, type FormEvent } from "react";
import { groupedInstructorKey, instructorKeyLink, readInstructorKey } from "@downhill/core";
import { storage } from "../../lib/storage.ts";
import { Button } from "../../components/ui/Button.tsx";
import { Field, describedBy } from "../../components/ui/Field.tsx";
import { getJson, type SessionSummary } from "./api.ts";

/** Checks `key` with the server and keeps it in this browser; answers an error in words, or null when kept. */
export async function adoptInstructorKey(key: string): Promise<string | null> {
  const listed = await getJson<{ sessions: SessionSummary[] }>("/api/sessions", { key, share: null });
  if (!listed.ok) return `The server refused this key: ${listed.message}.`;
  if (listed.data.sessions.length === 0) {
    return "No sessions on this server belong to this key: check that you copied all of it.";
  }
  storage.setInstructorKey(key);
  return null;
}

export function KeyTransfer({
  currentKey,
  offeredKey,
  onAdopted,
}: {
  /** The key this browser keeps, if any. */
  currentKey: string | null;
  /** A key that arrived in the page's link and was not adopted on its own (this browser has another). */
  offeredKey: string | null;
  onAdopted: () => void;
}) {
  return (
    <section className="key-transfer" aria-labelledby="key-transfer-title">
      <h2 id="key-transfer-title">Your sessions on another device</h2>
      {currentKey ? <KeyExport currentKey={currentKey} /> : null}
      <KeyImport replacing={currentKey !== null} offeredKey={offeredKey} onAdopted={onAdopted} />
    </section>
  );
}

function KeyExport({ currentKey }: { currentKey: string }) {
  const [origin, setOrigin] = useState("");
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => setOrigin(window.location.origin), []);
  const link = instructorKeyLink(origin, currentKey);

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied("Link copied.");
    } catch {
      setCopied("Copying is blocked here: select the link and copy it by hand.");
    }
  }

  return (
    <div className="share">
      <label htmlFor="key-link" className="field__label">
        Open these sessions on another device with this link
      </label>
      <div className="share__row">
        <input
          id="key-link"
          type="text"
          readOnly
          value={link}
          data-testid="key-link"
          onFocus={(e) => e.target.select()}
        />
        <Button onClick={() => void copy()}>Copy</Button>
      </div>
      <p className="field__hint" aria-live="polite">
        {copied ?? "Keep it private: whoever has it can see, run and delete your sessions. Or type the key:"}
      </p>
      <p className="key-transfer__key" data-testid="key-grouped">
        <code>{groupedInstructorKey(currentKey)}</code>
      </p>
    </div>
  );
}

function KeyImport({
  replacing,
  offeredKey,
  onAdopted,
}: {
  replacing: boolean;
  offeredKey: string | null;
  onAdopted: () => void;
}) {
  const [text, setText] = useState(offeredKey ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hint = replacing
    ? "Paste the link or type the key from your other device. It replaces this browser's key above: copy that first."
    : "Paste the link or type the key from the device where you created your sessions.";

  async function submit(event: FormEvent) {
    event.preventDefault();
    const read = readInstructorKey(text);
    if (!read.ok) {
      setError(read.message);
      return;
    }
    setBusy(true);
    const refusal = await adoptInstructorKey(read.key);
    setBusy(false);
    setError(refusal);
    if (refusal === null) {
      setText("");
      onAdopted();
    }
  }

  return (
    <form className="key-transfer__import" onSubmit={(event) => void submit(event)} noValidate>
      <Field id="key-import" label="Use a key from another device" hint={hint} error={error}>
        <input
          id="key-import"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={text}
          data-testid="key-import"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy("key-import", { hint, error })}
          onChange={(event) => setText(event.target.value)}
        />
      </Field>
      <Button type="submit" disabled={busy} data-testid="key-import-submit">
        Use this key
      </Button>
    </form>
  );
}
