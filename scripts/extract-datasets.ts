// Regenerates the real datasets shipped in packages/core/src/datasets/data/ from the vega-datasets dev dependency.
// Run from the repository root: `npx tsx scripts/extract-datasets.ts`.
// Each output is a TypeScript module (so the browser bundles it) plus one README naming sources and licences.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const vegaDir = join(root, "node_modules", "vega-datasets");
const outDir = join(root, "packages", "core", "src", "datasets", "data");

interface DataPackageResource {
  readonly name: string;
  readonly path: string;
  readonly licenses?: readonly { readonly name?: string; readonly title?: string; readonly path?: string }[];
  readonly sources?: readonly { readonly title: string; readonly path?: string }[];
}

interface DataPackage {
  readonly version: string;
  readonly licenses: readonly { readonly name: string }[];
  readonly resources: readonly DataPackageResource[];
}

interface Extracted {
  readonly exportName: string;
  readonly file: string;
  readonly resource: DataPackageResource;
  /** Extra citation text, ahead of the catalogue's sources. */
  readonly reference?: string;
  readonly selection: string;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly featureColumns: readonly (readonly number[])[];
  readonly targets: readonly number[];
}

const dataPackage = JSON.parse(readFileSync(join(vegaDir, "datapackage.json"), "utf8")) as DataPackage;
const packageLicence = dataPackage.licenses.map((licence) => licence.name).join(", ");

function resource(name: string): DataPackageResource {
  const found = dataPackage.resources.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`vega-datasets datapackage.json has no resource "${name}"`);
  return found;
}

function readRecords(resourcePath: string): readonly Record<string, unknown>[] {
  return JSON.parse(readFileSync(join(vegaDir, "data", resourcePath), "utf8")) as Record<string, unknown>[];
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function extractCars(): Extracted {
  const cars = resource("cars");
  const horsepower: number[] = [];
  const milesPerGallon: number[] = [];
  for (const record of readRecords(cars.path)) {
    const hp = record["Horsepower"];
    const mpg = record["Miles_per_Gallon"];
    if (!isNumber(hp) || !isNumber(mpg)) continue;
    horsepower.push(hp);
    milesPerGallon.push(mpg);
  }
  return {
    exportName: "cars",
    file: "cars.ts",
    resource: cars,
    selection: "Horsepower -> Miles_per_Gallon; rows with a null in either dropped",
    featureNames: ["horsepower"],
    targetName: "miles per gallon",
    featureColumns: [horsepower],
    targets: milesPerGallon,
  };
}

function extractPenguins(): Extracted {
  const penguins = resource("penguins");
  const billLength: number[] = [];
  const flipperLength: number[] = [];
  const gentoo: number[] = [];
  for (const record of readRecords(penguins.path)) {
    const species = record["Species"];
    const bill = record["Beak Length (mm)"];
    const flipper = record["Flipper Length (mm)"];
    if (species !== "Adelie" && species !== "Gentoo") continue;
    if (!isNumber(bill) || !isNumber(flipper)) continue;
    billLength.push(bill);
    flipperLength.push(flipper);
    gentoo.push(species === "Gentoo" ? 1 : 0);
  }
  return {
    exportName: "penguins",
    file: "penguins.ts",
    resource: penguins,
    reference:
      "Gorman KB, Williams TD, Fraser WR (2014). Ecological sexual dimorphism and environmental variability within a " +
      "community of Antarctic penguins (genus Pygoscelis). PLoS ONE 9(3): e90081.",
    selection:
      "Adelie (0) and Gentoo (1) only; Beak Length (mm), Flipper Length (mm) -> Species; rows with a null dropped",
    featureNames: ["bill length (mm)", "flipper length (mm)"],
    targetName: "is Gentoo",
    featureColumns: [billLength, flipperLength],
    targets: gentoo,
  };
}

function citation(data: Extracted): string {
  const sources = (data.resource.sources ?? [])
    .map((source) => (source.path ? `${source.title} (${source.path})` : source.title))
    .join("; ");
  const via = `via vega-datasets ${dataPackage.version}, data/${data.resource.path} (${data.selection})`;
  return [data.reference, sources ? `${sources}.` : undefined, `Shipped ${via}.`].filter(Boolean).join(" ");
}

function licence(data: Extracted): string {
  const own = (data.resource.licenses ?? [])
    .map((entry) => {
      const label = (entry.name ?? entry.title ?? "unnamed licence").replace(/\.$/, "");
      return entry.path ? `${label} (${entry.path})` : label;
    })
    .join("; ");
  return `${own || "not stated in the vega-datasets catalogue"}. The vega-datasets package code is ${packageLicence}.`;
}

/** Numbers, ten to a line, indented: compact and readable in a diff. */
function numberList(values: readonly number[], indent: string): string {
  const lines: string[] = [];
  for (let start = 0; start < values.length; start += 10) {
    lines.push(indent + values.slice(start, start + 10).join(", ") + ",");
  }
  return lines.join("\n");
}

function moduleText(data: Extracted): string {
  const columns = data.featureColumns
    .map((column, j) => `    // ${data.featureNames[j]}\n    [\n${numberList(column, "      ")}\n    ],`)
    .join("\n");
  return `// Generated by scripts/extract-datasets.ts from vega-datasets ${dataPackage.version} data/${data.resource.path}. Do not edit.
import type { ShippedData } from "./ShippedData.ts";

/** ${data.targets.length} rows. */
export const ${data.exportName}: ShippedData = {
  source: {
    citation: ${JSON.stringify(citation(data))},
    licence: ${JSON.stringify(licence(data))},
  },
  featureNames: [${data.featureNames.map((name) => JSON.stringify(name)).join(", ")}],
  targetName: ${JSON.stringify(data.targetName)},
  featureColumns: [
${columns}
  ],
  targets: [
${numberList(data.targets, "    ")}
  ],
};
`;
}

function readmeText(all: readonly Extracted[]): string {
  const sections = all.map(
    (data) => `## \`${data.file}\`

- Rows: ${data.targets.length}; features: ${data.featureNames.join(", ")}; target: ${data.targetName}.
- Citation: ${citation(data)}
- Licence: ${licence(data)}
`,
  );
  return `# Shipped datasets

Small real datasets, extracted from the [vega-datasets](https://github.com/vega/vega-datasets) npm package
(version ${dataPackage.version}, a dev dependency) and stored as TypeScript modules so that the browser bundle carries them.
Everything here except \`ShippedData.ts\` is generated: edit and rerun \`npx tsx scripts/extract-datasets.ts\` instead.
Only \`../registry.ts\` imports these files.

vega-datasets notes that its BSD-3-Clause licence covers its code only; each dataset keeps its original terms, and its
catalogue entries (datapackage.json) are a starting point, not legal advice.

${sections.join("\n")}`;
}

const extracted = [extractCars(), extractPenguins()];
for (const data of extracted) {
  writeFileSync(join(outDir, data.file), moduleText(data));
  console.log(`${data.file}: ${data.targets.length} rows`);
}
writeFileSync(join(outDir, "README.md"), readmeText(extracted));
console.log("README.md written");
