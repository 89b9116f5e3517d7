"use client";
// The training data with the model's current fit. One-feature regression: the points and the prediction curve.
// Two-feature classification: the points (two colours and two shapes) over the model's decision regions, with
// the 50% boundary. Every prediction is the engine's own `model.predict` on the current parameters.
import { useEffect, useMemo, useRef } from "react";
import type { Problem } from "@downhill/core";
import { CLASS_COLORS, CLASS_TINTS, FIT_COLOR, POINT_COLOR } from "./palette.ts";
import {
  axisExtent,
  CanvasPlot,
  clearedContext,
  PLOT,
  PLOT_INNER_HEIGHT,
  PLOT_INNER_WIDTH,
  PlotAxes,
  plotX,
  plotY,
  type Axis,
} from "./PlotAxes.tsx";

/** Prediction cells per side of a decision-boundary plot. */
const GRID = 64;
/** Points evaluated along a regression curve. */
const CURVE_POINTS = 120;
/** Most points drawn; larger training splits show an even sample. */
const MAX_DOTS = 600;

interface Bounds {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** True when the problem can be drawn: one-feature regression or two-feature classification. */
export function canPlotData(problem: Problem): boolean {
  const { task, features } = problem.dataset;
  return (task === "regression" && features === 1) || (task === "classification" && features === 2);
}

export function DataPlot({ problem, params }: { problem: Problem; params: readonly number[] | null }) {
  const { dataset } = problem;
  if (dataset.task === "regression" && dataset.features === 1)
    return <RegressionPlot problem={problem} params={params} />;
  if (dataset.task === "classification" && dataset.features === 2) {
    return <BoundaryPlot problem={problem} params={params} />;
  }
  return null;
}

function padded(lo: number, hi: number): [number, number] {
  const span = hi - lo || 1;
  return [lo - span * 0.08, hi + span * 0.08];
}

/** Row indices to draw: all of them, or an even sample of MAX_DOTS. */
function sampleRows(n: number): number[] {
  const stride = Math.max(1, n / MAX_DOTS);
  const rows: number[] = [];
  for (let i = 0; i < n; i += stride) rows.push(Math.floor(i));
  return rows;
}

function RegressionPlot({ problem, params }: { problem: Problem; params: readonly number[] | null }) {
  const { dataset, model } = problem;
  const { x, y, n } = dataset.train;
  const bounds = useMemo<Bounds>(() => {
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, x[i]!);
      x1 = Math.max(x1, x[i]!);
      y0 = Math.min(y0, y[i]!);
      y1 = Math.max(y1, y[i]!);
    }
    // A line through the origin (y = w x) is drawn with the origin in view, so one point still shows a line.
    if (model.spec.kind === "linear" && model.spec.bias === false) {
      [x0, x1, y0, y1] = [Math.min(x0, 0), Math.max(x1, 0), Math.min(y0, 0), Math.max(y1, 0)];
    }
    const [px0, px1] = padded(x0, x1);
    const [py0, py1] = padded(y0, y1);
    return { x0: px0, x1: px1, y0: py0, y1: py1 };
  }, [x, y, n, model]);
  const xAxis: Axis = { range: [bounds.x0, bounds.x1], title: dataset.featureNames[0] ?? "x" };
  const yAxis: Axis = { range: [bounds.y0, bounds.y1], title: dataset.targetName };
  const { sx, sy } = useMemo(
    () => ({
      sx: (value: number) => plotX(value, [bounds.x0, bounds.x1]),
      sy: (value: number) => plotY(value, [bounds.y0, bounds.y1]),
    }),
    [bounds],
  );
  const dots = useMemo(() => sampleRows(n), [n]);

  const curve = useMemo(() => {
    if (!params || params.length !== model.paramCount) return null;
    const p = Float64Array.from(params);
    const row = new Float64Array(1);
    const points: string[] = [];
    for (let i = 0; i <= CURVE_POINTS; i++) {
      row[0] = bounds.x0 + (i / CURVE_POINTS) * (bounds.x1 - bounds.x0);
      const value = model.predict(p, row);
      if (!Number.isFinite(value)) return null;
      // Clamp far-off predictions to just outside the frame so a wild fit still draws as a steep line.
      const clamped = Math.max(
        bounds.y0 - (bounds.y1 - bounds.y0),
        Math.min(bounds.y1 + (bounds.y1 - bounds.y0), value),
      );
      points.push(`${sx(row[0]).toFixed(1)},${sy(clamped).toFixed(1)}`);
    }
    return points.join(" ");
  }, [params, model, bounds, sx, sy]);

  return (
    <figure className="descent-figure" data-testid="data-plot">
      <figcaption className="descent-figure__caption">
        Training data ({dataset.featureNames[0]} → {dataset.targetName}) and your model&apos;s current fit
      </figcaption>
      <svg
        viewBox={`0 0 ${PLOT.width} ${PLOT.height}`}
        className="descent-plot"
        role="img"
        aria-label={`Scatter of ${n} training points with the model's prediction line; ${axisExtent(xAxis)}, ${axisExtent(yAxis)}`}
      >
        <defs>
          <clipPath id="data-plot-frame">
            <rect x={PLOT.left} y={PLOT.top} width={PLOT_INNER_WIDTH} height={PLOT_INNER_HEIGHT} />
          </clipPath>
        </defs>
        <PlotAxes x={xAxis} y={yAxis} />
        {dots.map((i) => (
          <circle key={i} cx={sx(x[i]!)} cy={sy(y[i]!)} r={3} fill={POINT_COLOR} fillOpacity={0.6} />
        ))}
        {curve ? (
          <polyline points={curve} fill="none" stroke={FIT_COLOR} strokeWidth={2.5} clipPath="url(#data-plot-frame)" />
        ) : null}
      </svg>
    </figure>
  );
}

function BoundaryPlot({ problem, params }: { problem: Problem; params: readonly number[] | null }) {
  const { dataset, model } = problem;
  const { x, y, n } = dataset.train;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const bounds = useMemo<Bounds>(() => {
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, x[2 * i]!);
      x1 = Math.max(x1, x[2 * i]!);
      y0 = Math.min(y0, x[2 * i + 1]!);
      y1 = Math.max(y1, x[2 * i + 1]!);
    }
    const [px0, px1] = padded(x0, x1);
    const [py0, py1] = padded(y0, y1);
    return { x0: px0, x1: px1, y0: py0, y1: py1 };
  }, [x, n]);
  const dots = useMemo(() => sampleRows(n), [n]);
  const xAxis: Axis = { range: [bounds.x0, bounds.x1], title: dataset.featureNames[0] ?? "x1" };
  const yAxis: Axis = { range: [bounds.y0, bounds.y1], title: dataset.featureNames[1] ?? "x2" };

  useEffect(() => {
    const context = clearedContext(canvasRef.current);
    if (!context) return;
    const toX = (value: number) => plotX(value, [bounds.x0, bounds.x1]);
    const toY = (value: number) => plotY(value, [bounds.y0, bounds.y1]);

    // The model's regions: each cell tinted toward the class the model predicts, stronger when it is surer.
    // Drawn into a GRID x GRID image and scaled up smoothly, so neighbouring cells leave no seams.
    if (params && params.length === model.paramCount) {
      const p = Float64Array.from(params);
      const row = new Float64Array(2);
      const field = new ImageData(GRID, GRID);
      for (let gy = 0; gy < GRID; gy++) {
        row[1] = bounds.y1 - ((gy + 0.5) / GRID) * (bounds.y1 - bounds.y0);
        for (let gx = 0; gx < GRID; gx++) {
          row[0] = bounds.x0 + ((gx + 0.5) / GRID) * (bounds.x1 - bounds.x0);
          const probability = model.predict(p, row);
          if (!Number.isFinite(probability)) continue;
          const tint = probability >= 0.5 ? CLASS_TINTS.positive : CLASS_TINTS.negative;
          const strength = 0.08 + 0.32 * Math.abs(probability - 0.5) * 2;
          const at = 4 * (gy * GRID + gx);
          field.data[at] = tint[0];
          field.data[at + 1] = tint[1];
          field.data[at + 2] = tint[2];
          field.data[at + 3] = Math.round(strength * 255);
        }
      }
      const image = document.createElement("canvas");
      image.width = GRID;
      image.height = GRID;
      image.getContext("2d")?.putImageData(field, 0, 0);
      context.imageSmoothingEnabled = true;
      context.drawImage(image, PLOT.left, PLOT.top, PLOT_INNER_WIDTH, PLOT_INNER_HEIGHT);
    }

    // Class 1 as vermillion triangles, class 0 as blue circles: colour and shape both tell them apart.
    for (const i of dots) {
      const px = toX(x[2 * i]!);
      const py = toY(x[2 * i + 1]!);
      context.beginPath();
      if (y[i]! >= 0.5) {
        context.moveTo(px, py - 4.5);
        context.lineTo(px + 4, py + 3);
        context.lineTo(px - 4, py + 3);
        context.closePath();
        context.fillStyle = CLASS_COLORS.positive;
      } else {
        context.arc(px, py, 3.5, 0, 2 * Math.PI);
        context.fillStyle = CLASS_COLORS.negative;
      }
      context.fill();
      context.strokeStyle = "#ffffff";
      context.lineWidth = 0.8;
      context.stroke();
    }
  }, [params, model, bounds, dots, x, y]);

  return (
    <figure className="descent-figure" data-testid="data-plot">
      <figcaption className="descent-figure__caption">
        Training data (blue circles: class 0, orange triangles: class 1) and the regions your model predicts
      </figcaption>
      <CanvasPlot
        canvasRef={canvasRef}
        label={`${n} training points of two classes over the model's decision regions; ${axisExtent(xAxis)}, ${axisExtent(yAxis)}`}
        x={xAxis}
        y={yAxis}
      />
    </figure>
  );
}
