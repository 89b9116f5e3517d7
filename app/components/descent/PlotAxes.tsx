// The axes every plot of the student's own descent shares (the data plot, the decision regions and the loss
// surface): a frame, tick marks with plain-notation numbers and each axis's title. One geometry, `PLOT`, places the
// marks of the SVG plot and of the canvas plots under their overlay alike.
import type { RefObject } from "react";
import { linearTicks } from "./linearTicks.ts";

/** The plots' size in viewBox units and the margins that hold the tick numbers and the titles. */
export const PLOT = { width: 320, height: 320, left: 54, right: 12, top: 12, bottom: 44 } as const;
export const PLOT_INNER_WIDTH = PLOT.width - PLOT.left - PLOT.right;
export const PLOT_INNER_HEIGHT = PLOT.height - PLOT.top - PLOT.bottom;

export interface Axis {
  /** The values at the plot's left and right (x) or bottom and top (y) edges. */
  readonly range: readonly [number, number];
  readonly title: string;
}

/** Horizontal position of `value` on an x axis spanning `range`. */
export function plotX(value: number, range: readonly [number, number]): number {
  return PLOT.left + ((value - range[0]) / (range[1] - range[0])) * PLOT_INNER_WIDTH;
}

/** Vertical position of `value` on a y axis spanning `range` (up is larger). */
export function plotY(value: number, range: readonly [number, number]): number {
  return PLOT.top + PLOT_INNER_HEIGHT - ((value - range[0]) / (range[1] - range[0])) * PLOT_INNER_HEIGHT;
}

/**
 * The canvas plot's drawing context, cleared, with the canvas sized for the screen's pixel ratio and drawing in
 * `PLOT` units; null while the canvas is not mounted or cannot draw.
 */
export function clearedContext(canvas: HTMLCanvasElement | null): CanvasRenderingContext2D | null {
  const context = canvas?.getContext("2d");
  if (!canvas || !context) return null;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = PLOT.width * ratio;
  canvas.height = PLOT.height * ratio;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, PLOT.width, PLOT.height);
  return context;
}

/** "w from −1.2 to 3.4": an axis's extent in words, for a plot's accessible name. */
export function axisExtent(axis: Axis): string {
  const ticks = linearTicks(axis.range[0], axis.range[1]);
  if (ticks.length === 0) return axis.title;
  return `${axis.title} from ${ticks[0]!.label} to ${ticks.at(-1)!.label}`;
}

/** The frame, ticks and titles, as an SVG group in the `PLOT` geometry. */
export function PlotAxes({ x, y }: { x: Axis; y: Axis }) {
  const bottom = PLOT.top + PLOT_INNER_HEIGHT;
  return (
    <g className="plot-axes" aria-hidden="true">
      <rect
        x={PLOT.left}
        y={PLOT.top}
        width={PLOT_INNER_WIDTH}
        height={PLOT_INNER_HEIGHT}
        className="plot-axes__frame"
      />
      <g data-testid="x-ticks">
        {linearTicks(x.range[0], x.range[1]).map((tick) => {
          const at = plotX(tick.value, x.range);
          return (
            <g key={tick.label}>
              <line x1={at} x2={at} y1={bottom} y2={bottom + 5} className="plot-axes__tick" />
              <text x={at} y={bottom + 17} textAnchor="middle" className="plot-axes__number">
                {tick.label}
              </text>
            </g>
          );
        })}
      </g>
      <g data-testid="y-ticks">
        {linearTicks(y.range[0], y.range[1]).map((tick) => {
          const at = plotY(tick.value, y.range);
          return (
            <g key={tick.label}>
              <line x1={PLOT.left - 5} x2={PLOT.left} y1={at} y2={at} className="plot-axes__tick" />
              <text x={PLOT.left - 8} y={at + 4} textAnchor="end" className="plot-axes__number">
                {tick.label}
              </text>
            </g>
          );
        })}
      </g>
      <text x={PLOT.left + PLOT_INNER_WIDTH / 2} y={PLOT.height - 6} textAnchor="middle" className="plot-axes__title">
        {x.title}
      </text>
      <text
        x={13}
        y={PLOT.top + PLOT_INNER_HEIGHT / 2}
        textAnchor="middle"
        className="plot-axes__title"
        transform={`rotate(-90 13 ${PLOT.top + PLOT_INNER_HEIGHT / 2})`}
      >
        {y.title}
      </text>
    </g>
  );
}

/** The axes as an SVG laid over a canvas plot of the same `PLOT` geometry (see `.descent-plot-stack`). */
export function AxesOverlay({ x, y }: { x: Axis; y: Axis }) {
  return (
    <svg viewBox={`0 0 ${PLOT.width} ${PLOT.height}`} className="descent-plot-stack__axes" aria-hidden="true">
      <PlotAxes x={x} y={y} />
    </svg>
  );
}

/**
 * A canvas plot under its axes' overlay: the canvas, which the caller draws on through `canvasRef` (see
 * clearedContext), is an image named by `label`.
 */
export function CanvasPlot({
  canvasRef,
  label,
  x,
  y,
}: {
  canvasRef: RefObject<HTMLCanvasElement | null>;
  label: string;
  x: Axis;
  y: Axis;
}) {
  return (
    <div className="descent-plot descent-plot-stack">
      <canvas ref={canvasRef} width={PLOT.width} height={PLOT.height} role="img" aria-label={label} />
      <AxesOverlay x={x} y={y} />
    </div>
  );
}
