"use client";
// Lines, bands and markers drawn straight into a Recharts chart's SVG through the chart's own scales: one <path>
// per series however many points it holds, where a Recharts <Line> or <Scatter> mounts a component tree per series
// and per point. The host dashboard redraws these several times a second for a class of hundreds; Recharts still
// lays out the chart and draws its grid and axes.
import { useId } from "react";
import { usePlotArea, useXAxisScale, useYAxisScale } from "recharts";

type Scale = (value: number) => number | undefined;

/** A polyline through (xs[i], ys[i]); a null or unplottable y breaks it. */
export interface LineSeries {
  readonly key: string;
  readonly xs: readonly number[];
  readonly ys: readonly (number | null)[];
  readonly stroke: string;
  readonly strokeWidth: number;
  readonly strokeOpacity?: number;
  readonly strokeDasharray?: string;
  /** A data-testid for the path, for a mark the tests look for. */
  readonly testId?: string;
}

/** The region between lows[i] and highs[i] at xs[i]; points where either is missing are skipped. */
export interface BandSeries {
  readonly xs: readonly number[];
  readonly lows: readonly (number | null)[];
  readonly highs: readonly (number | null)[];
  readonly fill: string;
  readonly fillOpacity: number;
}

/** A disc, a plus sign, or an ✕ (the plus sign turned by 45°). */
export type MarkerShape = "circle" | "cross" | "x";

/** One marker per point, all of a series in one path. */
export interface MarkerSeries {
  readonly key: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly fill: string;
  readonly shape: MarkerShape;
  readonly testId?: string;
}

/** A marker's radius in pixels. */
const MARKER_RADIUS = 4.5;
/** Markers whose centres round to the same cell of this many pixels are drawn once. */
const MARKER_CELL_PX = 2;

function pixel(scale: Scale, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const at = scale(value);
  return at === undefined || !Number.isFinite(at) ? null : at;
}

/** The SVG path through the plottable points: M at the start of each unbroken stretch, L after. */
export function linePath(xs: readonly number[], ys: readonly (number | null)[], x: Scale, y: Scale): string {
  let d = "";
  let drawing = false;
  for (let i = 0; i < xs.length; i++) {
    const px = pixel(x, xs[i]);
    const py = pixel(y, ys[i]);
    if (px === null || py === null) {
      drawing = false;
      continue;
    }
    d += `${drawing ? "L" : "M"}${px.toFixed(1)},${py.toFixed(1)}`;
    drawing = true;
  }
  return d;
}

/** The closed outline of a band: along the highs left to right, back along the lows. */
function bandPath(band: BandSeries, x: Scale, y: Scale): string {
  const upper: string[] = [];
  const lower: string[] = [];
  for (let i = 0; i < band.xs.length; i++) {
    const px = pixel(x, band.xs[i]);
    const low = pixel(y, band.lows[i]);
    const high = pixel(y, band.highs[i]);
    if (px === null || low === null || high === null) continue;
    upper.push(`${px.toFixed(1)},${high.toFixed(1)}`);
    lower.push(`${px.toFixed(1)},${low.toFixed(1)}`);
  }
  if (upper.length === 0) return "";
  return `M${upper.join("L")}L${lower.reverse().join("L")}Z`;
}

/** The twelve corners of a plus sign of radius r and arm half-width a, around (0, 0). */
function plusCorners(r: number, a: number): [number, number][] {
  return [
    [-a, -r],
    [a, -r],
    [a, -a],
    [r, -a],
    [r, a],
    [a, a],
    [a, r],
    [-a, r],
    [-a, a],
    [-r, a],
    [-r, -a],
    [-a, -a],
  ];
}

/** A circle as two arcs, or a plus sign or an ✕ as one polygon, centred on (cx, cy). */
function markerPath(shape: MarkerShape, cx: number, cy: number): string {
  const r = MARKER_RADIUS;
  if (shape === "circle") {
    return `M${(cx - r).toFixed(1)},${cy.toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
  const turn = shape === "x" ? Math.SQRT1_2 : 1;
  const corners = plusCorners(shape === "x" ? r * 1.4 : r, r / 3).map(([dx, dy]) =>
    shape === "x" ? [(dx - dy) * turn + cx, (dx + dy) * turn + cy] : [dx + cx, dy + cy],
  );
  return `M${corners.map(([px, py]) => `${px!.toFixed(1)},${py!.toFixed(1)}`).join("L")}z`;
}

function markersPath(series: MarkerSeries, x: Scale, y: Scale): string {
  const drawn = new Set<number>();
  let d = "";
  for (const point of series.points) {
    const px = pixel(x, point.x);
    const py = pixel(y, point.y);
    if (px === null || py === null) continue;
    // Thousands of finished runs land on a few hundred visible spots: each spot is drawn once.
    const cell = Math.round(px / MARKER_CELL_PX) * 100_000 + Math.round(py / MARKER_CELL_PX);
    if (drawn.has(cell)) continue;
    drawn.add(cell);
    d += markerPath(series.shape, px, py);
  }
  return d;
}

/** The chart's scales and plot area, or null before Recharts has laid the chart out. */
export function useChartFrame() {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const plot = usePlotArea();
  const clipId = `clip-${useId().replace(/[^\w-]/g, "")}`;
  if (!x || !y || !plot) return null;
  return { x, y, plot, clipId };
}

/** Lines and an optional band, clipped to the plot area so that a run leaving the y range leaves through its edge. */
export function LineLayer({ lines, band }: { lines: readonly LineSeries[]; band?: BandSeries }) {
  const frame = useChartFrame();
  if (!frame) return null;
  const { x, y, plot, clipId } = frame;
  return (
    <g className="scaled-lines">
      <clipPath id={clipId}>
        <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
      </clipPath>
      <g clipPath={`url(#${clipId})`}>
        {band ? <path d={bandPath(band, x, y)} fill={band.fill} fillOpacity={band.fillOpacity} stroke="none" /> : null}
        {lines.map((line) => (
          <path
            key={line.key}
            d={linePath(line.xs, line.ys, x, y)}
            fill="none"
            stroke={line.stroke}
            strokeWidth={line.strokeWidth}
            strokeOpacity={line.strokeOpacity ?? 1}
            strokeDasharray={line.strokeDasharray}
            strokeLinejoin="round"
            data-testid={line.testId}
          />
        ))}
      </g>
    </g>
  );
}

/** Markers, one path per series. */
export function MarkerLayer({ series }: { series: readonly MarkerSeries[] }) {
  const frame = useChartFrame();
  if (!frame) return null;
  const { x, y } = frame;
  return (
    <g className="scaled-markers">
      {series.map((s) => (
        <path
          key={s.key}
          d={markersPath(s, x, y)}
          fill={s.fill}
          stroke="#ffffff"
          strokeWidth={0.75}
          data-testid={s.testId}
        />
      ))}
    </g>
  );
}
