"use client";
// The students' names on the class chart, drawn through the chart's scales: the best runs' names at their line
// ends, and for the line under the pointer or the keyboard's focus that line drawn bold with its name and loss.
// Each named line has a wide invisible stroke over it, so the pointer need not hit a 1.5-pixel line exactly: the
// plot around the chart reads `data-run-id` off whatever the pointer is over (useRunExplorer).
import { linePath, useChartFrame } from "./ScaledLayers.tsx";
import { spreadLabels } from "./spreadLabels.ts";
import type { NamedRun } from "./namedRuns.ts";

/** A named run with the curve the chart draws for it (a diverged one clipped at the top). */
export interface NamedLine {
  readonly run: NamedRun;
  readonly xs: readonly number[];
  readonly ys: readonly (number | null)[];
  readonly stroke: string;
}

/** Vertical room per label, in pixels: labels closer than this are moved apart. */
const LABEL_GAP = 15;
/** Width of the invisible stroke that catches the pointer. */
const HIT_WIDTH = 12;

type Scale = (value: number) => number | undefined;

/** The pixel position of the last drawable point of a line. */
function endPoint(line: NamedLine, x: Scale, y: Scale): { x: number; y: number } | null {
  for (let i = line.xs.length - 1; i >= 0; i--) {
    const value = line.ys[i];
    if (value === null || value === undefined) continue;
    const px = x(line.xs[i]!);
    const py = y(value);
    if (px !== undefined && py !== undefined && Number.isFinite(px) && Number.isFinite(py)) return { x: px, y: py };
  }
  return null;
}

export function RunNamesLayer({ lines, activeRunId }: { lines: readonly NamedLine[]; activeRunId: string | null }) {
  const frame = useChartFrame();
  if (!frame) return null;
  const { x, y, plot, clipId } = frame;
  const top = plot.y + 12;
  const bottom = plot.y + plot.height - 4;

  const labelled = lines
    .filter((line) => line.run.labelled && line.run.runId !== activeRunId)
    .map((line) => ({ line, end: endPoint(line, x, y) }))
    .filter((label): label is { line: NamedLine; end: { x: number; y: number } } => label.end !== null);
  const labelYs = spreadLabels(
    labelled.map((label) => label.end.y - 6),
    LABEL_GAP,
    top,
    bottom,
  );

  const active = lines.find((line) => line.run.runId === activeRunId);
  const activeEnd = active ? endPoint(active, x, y) : null;
  const tipOnLeft = activeEnd !== null && activeEnd.x > plot.x + plot.width / 2;

  return (
    <g className="run-names">
      <clipPath id={clipId}>
        <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
      </clipPath>
      <g clipPath={`url(#${clipId})`}>
        {active ? (
          <path
            d={linePath(active.xs, active.ys, x, y)}
            fill="none"
            stroke={active.stroke}
            strokeWidth={4}
            strokeLinejoin="round"
            className="run-names__active"
            data-testid="active-run-line"
          />
        ) : null}
        {/* Best runs last, so that where lines cross the pointer finds the better one. */}
        {[...lines].reverse().map((line) => (
          <path
            key={line.run.runId}
            d={linePath(line.xs, line.ys, x, y)}
            fill="none"
            stroke="transparent"
            strokeWidth={HIT_WIDTH}
            pointerEvents="stroke"
            data-testid="run-hit"
            data-run-id={line.run.runId}
            data-run-name={line.run.name}
          />
        ))}
      </g>
      {labelled.map(({ line, end }, i) => (
        <g key={line.run.runId} data-testid="run-label">
          <circle cx={end.x} cy={end.y} r={3} fill={line.stroke} />
          <text x={end.x - 6} y={labelYs[i]} textAnchor="end" className="run-names__label">
            {line.run.name}
          </text>
        </g>
      ))}
      {active && activeEnd ? (
        <text
          x={tipOnLeft ? activeEnd.x - 8 : activeEnd.x + 8}
          y={activeEnd.y - 10 < top ? activeEnd.y + 20 : activeEnd.y - 10}
          textAnchor={tipOnLeft ? "end" : "start"}
          className="run-names__tip"
          data-testid="run-tip"
        >
          {active.run.short}
        </text>
      ) : null}
    </g>
  );
}
