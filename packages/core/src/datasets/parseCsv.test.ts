import { describe, expect, it } from "vitest";
import type { RawData } from "./Dataset.ts";
import { inferTask, parseCsv } from "./parseCsv.ts";

function parsed(text: string, options = {}): RawData {
  const result = parseCsv(text, options);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`);
  return result.data;
}

function failure(text: string, options = {}) {
  const result = parseCsv(text, options);
  if (result.ok) throw new Error("expected a csv_invalid error");
  expect(result.error.code).toBe("csv_invalid");
  return result.error;
}

describe("parseCsv", () => {
  it("takes the last column as target and the others as features by default", () => {
    const data = parsed("hp,weight,mpg\n130,3504,18\n165,3693,15\n");
    expect(data.featureNames).toEqual(["hp", "weight"]);
    expect(data.targetName).toBe("mpg");
    expect(data.rows).toEqual([
      [130, 3504],
      [165, 3693],
    ]);
    expect(data.targets).toEqual([18, 15]);
  });

  it("uses the chosen target and feature columns, in the chosen order, ignoring non-numeric unused columns", () => {
    const data = parsed("name,hp,mpg,weight\nchevy,130,18,3504\nbuick,165,15,3693", {
      targetColumn: "mpg",
      featureColumns: ["weight", "hp"],
    });
    expect(data.featureNames).toEqual(["weight", "hp"]);
    expect(data.rows).toEqual([
      [3504, 130],
      [3693, 165],
    ]);
    expect(data.targets).toEqual([18, 15]);
  });

  it("reads quoted fields, doubled quotes, quoted commas and line breaks inside quotes", () => {
    const text = 'label,"x, in m","y ""raw"""\n"a, b",1.5,2\n"multi\nline","-3",4e1\n';
    const data = parsed(text, { featureColumns: ["x, in m"], targetColumn: 'y "raw"' });
    expect(data.rows).toEqual([[1.5], [-3]]);
    expect(data.targets).toEqual([2, 40]);
  });

  it("tolerates CRLF line ends, a byte-order mark, blank lines and surrounding spaces", () => {
    const data = parsed("\uFEFFx,y\r\n1, 2\r\n\r\n 3 ,4\r\n\r\n");
    expect(data.featureNames).toEqual(["x"]);
    expect(data.rows).toEqual([[1], [3]]);
    expect(data.targets).toEqual([2, 4]);
  });

  it("counts lines across a quoted line break when naming a bad cell", () => {
    const error = failure('note,x,y\n"two\nlines",1,2\nok,zz,3\n', { featureColumns: ["x"] });
    expect(error.row).toBe(4);
    expect(error.message).toBe('line 4, column "x": "zz" is not a number');
  });

  it("names the line and column of a cell that is not a number", () => {
    const lines = ["hp,mpg", "1,2", "2,3", "3,4", "4,5", "5,6", "6,abc"];
    const error = failure(lines.join("\n"));
    expect(error.message).toBe('line 7, column "mpg": "abc" is not a number');
    expect(error.row).toBe(7);
    expect(error.column).toBe("mpg");
  });

  it("rejects empty cells, hexadecimal, Infinity and numbers too large for a double", () => {
    expect(failure("x,y\n1,2\n,3").message).toMatch(/line 3, column "x": "" is not a number/);
    expect(failure("x,y\n1,2\n0x10,3").message).toMatch(/"0x10" is not a number/);
    expect(failure("x,y\n1,2\nInfinity,3").message).toMatch(/"Infinity" is not a number/);
    expect(failure("x,y\n1,2\n1e999,3").message).toMatch(/"1e999" is too large/);
  });

  it("rejects a row with the wrong number of fields, naming its line", () => {
    const error = failure("x,y\n1,2\n3\n");
    expect(error.row).toBe(3);
    expect(error.message).toMatch(/line 3 has 1 fields but the header has 2/);
  });

  it("rejects unknown target and feature columns, naming them", () => {
    const target = failure("x,y\n1,2\n3,4", { targetColumn: "mpg" });
    expect(target.column).toBe("mpg");
    expect(target.message).toMatch(/unknown target column "mpg"/);
    const feature = failure("x,y\n1,2\n3,4", { featureColumns: ["hp"] });
    expect(feature.column).toBe("hp");
    expect(feature.message).toMatch(/unknown feature column "hp"/);
  });

  it("rejects a feature that is also the target, and a feature listed twice", () => {
    expect(failure("x,y\n1,2\n3,4", { featureColumns: ["y"] }).message).toMatch(/both the target and a feature/);
    expect(failure("x,z,y\n1,2,3\n3,4,5", { featureColumns: ["x", "x"] }).message).toMatch(/listed twice/);
  });

  it("rejects duplicate or empty header names", () => {
    expect(failure("x,x,y\n1,2,3\n4,5,6").message).toMatch(/"x" appears twice/);
    expect(failure("x,,y\n1,2,3\n4,5,6").message).toMatch(/column 2 of the header has no name/);
  });

  it("says that an empty text is empty: nothing, white space, a byte-order mark or rows of empty cells", () => {
    for (const empty of ["", "   ", "\n\n", "\r\n\t\r\n", "\uFEFF", ",,\n,,\n", " , \n"]) {
      const error = failure(empty);
      expect(error.message, JSON.stringify(empty)).toMatch(/^the CSV is empty: it needs a header row/);
      expect(error.row).toBeUndefined();
    }
  });

  it("says that a header alone has no data, and counts the rows of a table too short", () => {
    expect(failure("x,y\n").message).toBe(
      "the CSV has a header row but no data: add at least 2 rows of numbers below it",
    );
    expect(failure("\n\nx,y\n,\n").row).toBe(3);
    expect(failure("x,y\n1,2\n").message).toMatch(/at least 2 data rows .* found 1/);
  });

  it("skips padding rows of empty cells between and after the data", () => {
    expect(parsed("x,y\n1,2\n,\n3,4\n,,\n").rows).toEqual([[1], [3]]);
  });

  it("rejects more rows than maxRows (5,000 by default), naming the first line over", () => {
    const rows = Array.from({ length: 5001 }, (_, i) => `${i},${2 * i}`);
    const error = failure(["x,y", ...rows].join("\n"));
    expect(error.message).toMatch(/more than 5000 data rows/);
    expect(error.row).toBe(5002);
    expect(parsed(["x,y", ...rows.slice(0, 5000)].join("\n")).rows.length).toBe(5000);
    expect(failure("x,y\n1,2\n3,4\n5,6", { maxRows: 2 }).message).toMatch(/more than 2 data rows/);
  });

  it("rejects more than 8 feature columns and a table with no feature column", () => {
    const header = Array.from({ length: 10 }, (_, j) => `c${j}`).join(",");
    const row = Array.from({ length: 10 }, (_, j) => j).join(",");
    expect(failure(`${header}\n${row}\n${row}`).message).toMatch(/too many feature columns: 9, at most 8/);
    expect(parsed(`${header}\n${row}\n${row}`, { featureColumns: ["c0", "c1"] }).featureNames).toEqual(["c0", "c1"]);
    expect(failure("y\n1\n2").message).toMatch(/at least one feature column/);
  });

  it("rejects an unclosed quote and text after a closing quote, naming the line", () => {
    const unclosed = failure('x,y\n1,2\n"3,4\n');
    expect(unclosed.row).toBe(3);
    expect(unclosed.message).toMatch(/never closed/);
    expect(failure('x,y\n1,2\n"3"a,4\n').row).toBe(3);
  });
});

describe("inferTask", () => {
  it("calls 0/1 targets classification and anything else regression", () => {
    expect(inferTask(parsed("x,label\n1,0\n2,1\n3,1"))).toBe("classification");
    expect(inferTask(parsed("x,y\n1,0\n2,1\n3,2"))).toBe("regression");
    expect(inferTask(parsed("x,y\n1,0\n2,0.5"))).toBe("regression");
  });
});
