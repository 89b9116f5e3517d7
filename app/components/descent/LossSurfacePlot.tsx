"use client";
// "The foggy hill": for a two-parameter model (w and b) the loss L(w, b) over a grid around the best fit, as
// filled contour bands, with the student's descent path on top. The surface is the engine's `lossSurface`; the
// best fit is its closed-form `leastSquaresOptimum`.
import { useEffect, useMemo, useRef } from "react";
import { leastSquaresOptimum, lossSurface, type Problem } from "@downhill/core";
import { PATH_COLOR, PATH_HALO, SURFACE_COLORS } from "./palette.ts";
import {
  axisExtent,
  CanvasPlot,
  clearedContext,
  PLOT,
  PLOT_INNER_HEIGHT,
  PLOT_INNER_WIDTH,
  plotX,
  plotY,
  type Axis,
} from "./PlotAxes.tsx";

const W_AXIS_TITLE = "w (weight)";
const B_AXIS_TITLE = "b (bias)";
const RESOLUTION = 72;

/** True when the problem's model has exactly two parameters, so its loss is a surface over (w, b). */
export function hasLossSurface(problem: Problem): boolean {
  return problem.model.paramCount === 2;
}

export function LossSurfacePlot({ problem, trail }: { problem: Problem; trail: readonly number[] }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { model, dataset } = problem;

  // A window that holds both the start (0, 0) and the best fit, with a margin on every side.
  const surface = useMemo(() => {
    const best = leastSquaresOptimum(model, dataset.train);
    const w = best ? best.params[0]! : 1;
    const b = best ? best.params[1]! : 0;
    const span = Math.max(Math.abs(w), Math.abs(b), 1);
    const wRange: [number, number] = [Math.min(0, w) - 0.6 * span, Math.max(0, w) + 0.6 * span];
    const bRange: [number, number] = [Math.min(0, b) - 0.6 * span, Math.max(0, b) + 0.6 * span];
    const grid = lossSurface(model, dataset.train, { wRange, bRange, resolution: RESOLUTION });
    // Contour levels evenly spaced in log(loss): a bowl whose floor and walls both show.
    let lo = Infinity;
    let hi = -Infinity;
    for (const loss of grid.loss) {
      if (!(loss > 0) || !Number.isFinite(loss)) continue;
      lo = Math.min(lo, Math.log(loss));
      hi = Math.max(hi, Math.log(loss));
    }
    return { grid, wRange, bRange, best: best ? ([w, b] as const) : null, logLo: lo, logHi: hi };
  }, [model, dataset.train]);

  useEffect(() => {
    const context = clearedContext(canvasRef.current);
    if (!context) return;
    const { grid, wRange, bRange, logLo, logHi } = surface;
    const toX = (w: number) => plotX(w, wRange);
    const toY = (b: number) => plotY(b, bRange);
    const cellWidth = PLOT_INNER_WIDTH / (RESOLUTION - 1);
    const cellHeight = PLOT_INNER_HEIGHT / (RESOLUTION - 1);
    const levels = SURFACE_COLORS.length;
    for (let bi = 0; bi < RESOLUTION; bi++) {
      for (let wi = 0; wi < RESOLUTION; wi++) {
        const loss = grid.loss[bi * RESOLUTION + wi]!;
        const t = loss > 0 && logHi > logLo ? (Math.log(loss) - logLo) / (logHi - logLo) : 0;
        const level = Math.min(levels - 1, Math.max(0, Math.floor(t * levels)));
        context.fillStyle = SURFACE_COLORS[level]!;
        context.fillRect(
          toX(grid.w[wi]!) - cellWidth / 2,
          toY(grid.b[bi]!) - cellHeight / 2,
          cellWidth + 0.6,
          cellHeight + 0.6,
        );
      }
    }
    // Frame the surface and clip everything after it, so a diverging path leaves the picture.
    context.save();
    context.beginPath();
    context.rect(PLOT.left, PLOT.top, PLOT_INNER_WIDTH, PLOT_INNER_HEIGHT);
    context.clip();
    if (surface.best) {
      const [w, b] = surface.best;
      const x = toX(w);
      const y = toY(b);
      context.strokeStyle = PATH_HALO;
      context.lineWidth = 4;
      cross(context, x, y);
      context.strokeStyle = PATH_COLOR;
      context.lineWidth = 2;
      cross(context, x, y);
    }
    if (trail.length >= 2) {
      context.lineJoin = "round";
      for (const [color, width] of [
        [PATH_HALO, 5],
        [PATH_COLOR, 2],
      ] as const) {
        context.strokeStyle = color;
        context.lineWidth = width;
        context.beginPath();
        for (let i = 0; i + 1 < trail.length; i += 2) {
          const x = toX(clampCoordinate(trail[i]!));
          const y = toY(clampCoordinate(trail[i + 1]!));
          if (i === 0) context.moveTo(x, y);
          else context.lineTo(x, y);
        }
        context.stroke();
      }
      const lastX = toX(clampCoordinate(trail[trail.length - 2]!));
      const lastY = toY(clampCoordinate(trail[trail.length - 1]!));
      context.fillStyle = PATH_COLOR;
      context.strokeStyle = PATH_HALO;
      context.lineWidth = 2;
      context.beginPath();
      context.arc(lastX, lastY, 5, 0, 2 * Math.PI);
      context.fill();
      context.stroke();
    }
    context.restore();
  }, [surface, trail]);

  const wAxis: Axis = { range: surface.wRange, title: W_AXIS_TITLE };
  const bAxis: Axis = { range: surface.bRange, title: B_AXIS_TITLE };

  return (
    <figure className="descent-figure" data-testid="loss-surface">
      <figcaption className="descent-figure__caption">
        The foggy hill: loss for every (w, b), light = low, dark = high. The cross is the bottom of the valley; the
        black line is your path down.
      </figcaption>
      <CanvasPlot
        canvasRef={canvasRef}
        label={`Loss surface over w and b with your descent path of ${Math.floor(trail.length / 2)} points; ${axisExtent(wAxis)}, ${axisExtent(bAxis)}`}
        x={wAxis}
        y={bAxis}
      />
    </figure>
  );
}

function cross(context: CanvasRenderingContext2D, x: number, y: number): void {
  context.beginPath();
  context.moveTo(x - 6, y - 6);
  context.lineTo(x + 6, y + 6);
  context.moveTo(x + 6, y - 6);
  context.lineTo(x - 6, y + 6);
  context.stroke();
}

/** Canvas coordinates beyond ±1e6 misbehave; a diverging path is clamped far outside the picture instead. */
function clampCoordinate(value: number): number {
  if (!Number.isFinite(value)) return value > 0 ? 1e6 : -1e6;
  return Math.max(-1e6, Math.min(1e6, value));
}
