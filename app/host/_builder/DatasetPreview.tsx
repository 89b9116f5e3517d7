"use client";
// A scatter plot of the dataset the challenge will use, built in the browser by the same engine every student
// runs (loadDataset), so the preview is exactly the rows the class will see. Test rows are drawn hollow.
import { useMemo } from "react";
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis } from "recharts";
import { loadDataset, type DatasetRef, type Split } from "@downhill/core";

const CLASS_COLORS = ["#0072B2", "#E69F00"] as const;

interface Dot {
  x: number;
  y: number;
}

/** Regression: first feature against the target. Classification with two features: the plane, one series per class. */
function series(split: Split, features: number, classification: boolean): Dot[][] {
  const byClass: Dot[][] = [[], []];
  const all: Dot[] = [];
  for (let i = 0; i < split.n; i++) {
    const x = split.x[i * features]!;
    const target = split.y[i]!;
    if (classification && features >= 2) byClass[target > 0.5 ? 1 : 0]!.push({ x, y: split.x[i * features + 1]! });
    else if (classification) byClass[target > 0.5 ? 1 : 0]!.push({ x, y: target });
    else all.push({ x, y: target });
  }
  return classification ? byClass : [all];
}

export function DatasetPreview({ datasetRef }: { datasetRef: DatasetRef | null }) {
  const built = useMemo(() => {
    if (!datasetRef) return null;
    try {
      return { ok: true as const, dataset: loadDataset(datasetRef) };
    } catch (error) {
      return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
    }
  }, [datasetRef]);

  if (!built) return <p className="empty">Upload or paste a CSV to preview it.</p>;
  if (!built.ok) return <p className="field__error">This dataset cannot be built: {built.message}</p>;

  const { dataset } = built;
  const classification = dataset.task === "classification";
  const train = series(dataset.train, dataset.features, classification);
  const test = dataset.test ? series(dataset.test, dataset.features, classification) : [];
  const xName = dataset.featureNames[0] ?? "x";
  const yName = classification && dataset.features >= 2 ? (dataset.featureNames[1] ?? "x2") : dataset.targetName;
  const label =
    `Preview of ${dataset.title}: ${dataset.train.n} training rows` +
    (dataset.test ? ` and ${dataset.test.n} test rows` : "") +
    `, ${xName} against ${yName}` +
    (dataset.standardization ? " (standardized)" : "") +
    ".";

  return (
    <figure className="chart dataset-preview" role="img" aria-label={label} data-testid="dataset-preview">
      <ResponsiveContainer width="100%" height={260}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid stroke="#d0d7de" strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            domain={["auto", "auto"]}
            name={xName}
            tickFormatter={(v: number) => String(Number(v.toPrecision(3)))}
            label={{ value: xName, position: "insideBottomRight", offset: -8 }}
          />
          <YAxis
            dataKey="y"
            type="number"
            domain={["auto", "auto"]}
            name={yName}
            width={56}
            tickFormatter={(v: number) => String(Number(v.toPrecision(3)))}
            label={{ value: yName, angle: -90, position: "insideLeft" }}
          />
          {train.map((dots, k) => (
            <Scatter
              key={`train-${k}`}
              name={classification ? `class ${k} (train)` : "train"}
              data={dots}
              fill={CLASS_COLORS[k] ?? CLASS_COLORS[0]}
              isAnimationActive={false}
            />
          ))}
          {test.map((dots, k) => (
            <Scatter
              key={`test-${k}`}
              name={classification ? `class ${k} (test)` : "test"}
              data={dots}
              fill={CLASS_COLORS[k] ?? CLASS_COLORS[0]}
              fillOpacity={0.25}
              stroke={CLASS_COLORS[k] ?? CLASS_COLORS[0]}
              shape="diamond"
              isAnimationActive={false}
            />
          ))}
          <Legend verticalAlign="top" height={28} />
        </ScatterChart>
      </ResponsiveContainer>
      <figcaption className="field__hint">
        {dataset.train.n} training rows{dataset.test ? `, ${dataset.test.n} held out for testing` : ", no test split"}
        {dataset.standardization ? "; features standardized" : ""}.
      </figcaption>
    </figure>
  );
}
