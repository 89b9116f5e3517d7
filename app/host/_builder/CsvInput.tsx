"use client";
// An instructor's own data: a file or pasted text, parsed by the engine's parseCsv. A problem is shown with the
// line and column parseCsv names, and the last good table stays in use until the text parses again.
import { useId, useState, type ChangeEvent } from "react";
import { CSV_LIMITS, parseCsv, type RawData } from "@downhill/core";
import { describedBy, FieldError, type FieldErrors } from "./FieldError.tsx";

const EXAMPLE = "x,y\n1,2\n2,4\n3,6\n4,8\n5,10";

export function CsvInput({ onData, errors }: { onData: (data: RawData | null) => void; errors: FieldErrors }) {
  const id = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [summary, setSummary] = useState<string | null>(null);

  /** Reads `next`; an emptied text box is no CSV yet, but an empty file is a CSV that says it is empty. */
  function parse(next: string, fromFile = false) {
    setText(next);
    if (next.trim() === "" && !fromFile) {
      setError(null);
      setSummary(null);
      onData(null);
      return;
    }
    const result = parseCsv(next);
    if (result.ok) {
      const { data } = result;
      setError(null);
      setSummary(
        `${data.rows.length} rows; predicting “${data.targetName}” from ${data.featureNames.map((n) => `“${n}”`).join(", ")}.`,
      );
      onData(data);
    } else {
      const { message, row, column } = result.error;
      // parseCsv usually names the place itself; add it only when the message does not.
      const where = [
        row !== undefined && !message.includes(`line ${row}`) ? `line ${row}` : null,
        column !== undefined && !message.includes(`"${column}"`) ? `column "${column}"` : null,
      ]
        .filter(Boolean)
        .join(", ");
      setError(where ? `${where}: ${message}` : message);
      setSummary(null);
      onData(null);
    }
  }

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file) parse(await file.text(), true);
  }

  return (
    <div className="csv-input">
      <div className="field">
        <label htmlFor={`${id}-file`} className="field__label">
          CSV file
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv,text/plain"
          data-testid="csv-file"
          onChange={(e) => void readFile(e)}
          {...(error ? {} : describedBy(errors, "dataset"))}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`} className="field__label">
          Or paste CSV text
        </label>
        <textarea
          id={`${id}-text`}
          rows={6}
          value={text}
          placeholder={EXAMPLE}
          spellCheck={false}
          aria-describedby={`${id}-hint ${id}-status`}
          aria-invalid={error || errors.dataset ? true : undefined}
          onChange={(e) => parse(e.target.value)}
        />
        <p className="field__hint" id={`${id}-hint`}>
          A header row, then one row per example; the last column is the target. Up to {CSV_LIMITS.maxRows} rows and{" "}
          {CSV_LIMITS.maxFeatures} features; every cell a number.
        </p>
      </div>
      <div id={`${id}-status`} aria-live="polite" data-testid="csv-status">
        {error ? <p className="field__error">CSV error — {error}</p> : null}
        {summary ? <p className="field__ok">{summary}</p> : null}
      </div>
      {/* Until the text parses, what the challenge lacks: a CSV at all, or one within its limits. */}
      {error ? null : <FieldError errors={errors} field="dataset" />}
      <FieldError errors={errors} field="dataset.csv" />
    </div>
  );
}
