import type { RawData, Task } from "./Dataset.ts";

/** Limits on an uploaded CSV: enough for a lesson, small enough for every browser in the room. */
export const CSV_LIMITS = { maxRows: 5000, minRows: 2, maxFeatures: 8 } as const;

export interface ParseCsvOptions {
  /** The column to predict; the last column when unset. */
  readonly targetColumn?: string;
  /** The input columns, in order; every column but the target when unset. */
  readonly featureColumns?: readonly string[];
  /** At most this many data rows; `CSV_LIMITS.maxRows` when unset. */
  readonly maxRows?: number;
}

export interface CsvError {
  readonly code: "csv_invalid";
  readonly message: string;
  /** 1-based line number in the text. */
  readonly row?: number;
  readonly column?: string;
}

export type ParseCsvResult =
  { readonly ok: true; readonly data: RawData } | { readonly ok: false; readonly error: CsvError };

/** One record of the text and the 1-based line it starts on. */
interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

type RecordsResult =
  { readonly ok: true; readonly records: CsvRecord[] } | { readonly ok: false; readonly error: CsvError };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function csvError(message: string, row?: number, column?: string): CsvError {
  return {
    code: "csv_invalid",
    message,
    ...(row === undefined ? {} : { row }),
    ...(column === undefined ? {} : { column }),
  };
}

function fail(message: string, row?: number, column?: string): { ok: false; error: CsvError } {
  return { ok: false, error: csvError(message, row, column) };
}

/** Number of line breaks (LF, CRLF or a lone CR) in `text`. */
function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n" || (text[i] === "\r" && text[i + 1] !== "\n")) count++;
  }
  return count;
}

/** A cell quoted for an error message, cut short if long. */
function quoteCell(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
}

/**
 * Splits comma-separated text into records, honouring double-quoted fields ("" is a quote; commas and line breaks
 * inside quotes are data), LF, CRLF and CR line ends. Blank lines, and lines of empty unquoted cells only (the
 * ",,," rows a spreadsheet pads its export with), are skipped. Stops after `maxRecords` records.
 */
function readRecords(text: string, maxRecords: number): RecordsResult {
  const records: CsvRecord[] = [];
  const length = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < length && records.length < maxRecords) {
    const startLine = line;
    const fields: string[] = [];
    let sawQuote = false;
    let endOfRecord = false;
    while (!endOfRecord) {
      let field: string;
      if (text[i] === '"') {
        sawQuote = true;
        const quoteLine = line;
        const parts: string[] = [];
        let start = i + 1;
        for (;;) {
          const close = text.indexOf('"', start);
          if (close === -1) return fail(`line ${quoteLine}: a quoted field is never closed`, quoteLine);
          parts.push(text.slice(start, close));
          if (text[close + 1] === '"') {
            parts.push('"');
            start = close + 2;
          } else {
            i = close + 1;
            break;
          }
        }
        field = parts.join("");
        line += countLineBreaks(field);
        while (text[i] === " " || text[i] === "\t") i++;
        if (i < length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
          return fail(`line ${line}: unexpected text after a closing quote`, line);
        }
      } else {
        let end = i;
        while (end < length && text[end] !== "," && text[end] !== "\n" && text[end] !== "\r") end++;
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);
      if (i >= length) {
        endOfRecord = true;
      } else if (text[i] === ",") {
        i++;
      } else {
        i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line++;
        endOfRecord = true;
      }
    }
    const blank = !sawQuote && fields.every((cell) => cell.trim() === "");
    if (!blank) records.push({ line: startLine, fields });
  }
  return { ok: true, records };
}

/**
 * Reads an instructor's CSV into raw rows: a header row, then one row per example. Every feature and target cell
 * must be a finite decimal number; other columns are ignored. Never throws: a problem comes back as an error
 * naming the line and column.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): ParseCsvResult {
  const maxRows = options.maxRows ?? CSV_LIMITS.maxRows;
  const read = readRecords(text, maxRows + 2);
  if (!read.ok) return read;
  const [header, ...body] = read.records;
  if (!header) {
    return fail(
      `the CSV is empty: it needs a header row naming the columns, then at least ${CSV_LIMITS.minRows} rows of numbers`,
    );
  }

  const columns = header.fields.map((name) => name.trim());
  const seen = new Set<string>();
  for (const [index, name] of columns.entries()) {
    if (name === "") return fail(`line ${header.line}: column ${index + 1} of the header has no name`, header.line);
    if (seen.has(name))
      return fail(`line ${header.line}: column "${name}" appears twice in the header`, header.line, name);
    seen.add(name);
  }
  const known = `the columns are ${columns.map((name) => `"${name}"`).join(", ")}`;

  const targetName = options.targetColumn ?? columns[columns.length - 1]!;
  const targetIndex = columns.indexOf(targetName);
  if (targetIndex === -1) return fail(`unknown target column "${targetName}"; ${known}`, undefined, targetName);

  const featureNames = options.featureColumns ?? columns.filter((name) => name !== targetName);
  const featureIndices: number[] = [];
  for (const name of featureNames) {
    const index = columns.indexOf(name);
    if (index === -1) return fail(`unknown feature column "${name}"; ${known}`, undefined, name);
    if (index === targetIndex) return fail(`column "${name}" cannot be both the target and a feature`, undefined, name);
    if (featureIndices.includes(index)) return fail(`feature column "${name}" is listed twice`, undefined, name);
    featureIndices.push(index);
  }
  if (featureIndices.length === 0) return fail("at least one feature column is needed besides the target");
  if (featureIndices.length > CSV_LIMITS.maxFeatures) {
    return fail(
      `too many feature columns: ${featureIndices.length}, at most ${CSV_LIMITS.maxFeatures}; choose some with featureColumns`,
    );
  }

  if (body.length > maxRows) {
    return fail(`too many rows: more than ${maxRows} data rows (line ${body[maxRows]!.line})`, body[maxRows]!.line);
  }
  if (body.length === 0) {
    return fail(
      `the CSV has a header row but no data: add at least ${CSV_LIMITS.minRows} rows of numbers below it`,
      header.line,
    );
  }
  if (body.length < CSV_LIMITS.minRows) {
    return fail(`at least ${CSV_LIMITS.minRows} data rows are needed below the header; found ${body.length}`);
  }

  const rows: number[][] = [];
  const targets: number[] = [];
  for (const record of body) {
    if (record.fields.length !== columns.length) {
      return fail(
        `line ${record.line} has ${record.fields.length} fields but the header has ${columns.length}`,
        record.line,
      );
    }
    const cellNumber = (index: number): number | CsvError => {
      const cell = record.fields[index]!;
      const trimmed = cell.trim();
      const value = DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
      if (Number.isFinite(value)) return value;
      const column = columns[index]!;
      const problem = Number.isNaN(value) ? "is not a number" : "is too large";
      return csvError(`line ${record.line}, column "${column}": ${quoteCell(cell)} ${problem}`, record.line, column);
    };
    const row: number[] = [];
    for (const index of featureIndices) {
      const value = cellNumber(index);
      if (typeof value !== "number") return { ok: false, error: value };
      row.push(value);
    }
    const target = cellNumber(targetIndex);
    if (typeof target !== "number") return { ok: false, error: target };
    rows.push(row);
    targets.push(target);
  }
  return { ok: true, data: { featureNames: [...featureNames], targetName, rows, targets } };
}

/** Classification when every target is 0 or 1, regression otherwise. */
export function inferTask(data: RawData): Task {
  return data.targets.every((y) => y === 0 || y === 1) ? "classification" : "regression";
}
