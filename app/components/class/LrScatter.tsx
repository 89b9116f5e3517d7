"use client";
// Learning rate against final loss, both on log scales: too small a step barely moves, too large a step
// diverges, and the U between them is the lesson. Diverged runs sit on the top edge with their own marker.
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis, ZAxis } from "recharts";
import { OPTIMIZER_NAMES, type ScatterPoint } from "@downhill/core";
import { formatCompact, formatLoss, formatLr } from "./format.ts";
import { isPlottable, logAxis, type LogAxis } from "./logAxis.ts";
import { DIVERGED_COLOR, OPTIMIZER_COLORS, OPTIMIZER_LABELS } from "./palette.ts";

/** Cells per axis of the grid on which markers are drawn once: about 4 px, under a marker's 9 px width. */
const GRID_X = 240;
const GRID_Y = 80;

/**
 * The points of one series that land on distinct grid cells of the plot, the first of each cell: a class of a
 * thousand finishes thousands of runs on a few hundred visible spots, and each drawn marker costs SVG nodes.
 */
function distinctOnScreen<T extends { lr: number; loss: number }>(points: readonly T[], x: LogAxis, y: LogAxis): T[] {
  const [x0, x1] = x.domain.map(Math.log10) as [number, number];
  const [y0, y1] = y.domain.map(Math.log10) as [number, number];
  const seen = new Set<number>();
  return points.filter((p) => {
    const cx = Math.round(((Math.log10(p.lr) - x0) / (x1 - x0)) * GRID_X);
    const cy = Math.round(((Math.log10(p.loss) - y0) / (y1 - y0)) * GRID_Y);
    const cell = cx * (GRID_Y + 1) + cy;
    if (seen.has(cell)) return false;
    seen.add(cell);
    return true;
  });
}

export function LrScatter({ points, height = 320 }: { points: readonly ScatterPoint[]; height?: number }) {
  const finished = points.filter((p) => p.status !== "diverged" && isPlottable(p.loss) && isPlottable(p.lr));
  const diverged = points.filter((p) => p.status === "diverged" && isPlottable(p.lr));
  // Pad the learning-rate axis so points on a whole decade (lr = 1) do not sit half outside the plot.
  const lrs = points.map((p) => p.lr).filter(isPlottable);
  const x = logAxis([...lrs.map((lr) => lr / 1.5), ...lrs.map((lr) => lr * 1.5)]);
  const yBase = logAxis(finished.map((p) => p.loss));
  // One decade of headroom above the highest finished run: the row where diverged runs are drawn.
  const top = yBase.domain[1] * 10;
  const y = { domain: [yBase.domain[0], top] as [number, number], ticks: [...yBase.ticks, top] };

  const best = finished.reduce<ScatterPoint | null>((b, p) => (b === null || p.loss! < b.loss! ? p : b), null);
  const summary =
    points.length === 0
      ? "Learning rate against final loss: no finished runs yet."
      : `Learning rate against final loss, log scales: ${finished.length} finished runs, ${diverged.length} diverged` +
        (best ? `; lowest loss ${formatLoss(best.loss)} at learning rate ${formatLr(best.lr)}` : "") +
        ".";

  return (
    <figure className="chart" role="img" aria-label={summary} data-testid="lr-scatter" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#d0d7de" strokeDasharray="3 3" />
          <XAxis
            dataKey="lr"
            type="number"
            scale="log"
            domain={x.domain}
            ticks={x.ticks}
            allowDataOverflow
            tickFormatter={(value: number) => formatCompact(value)}
            name="learning rate"
            label={{ value: "learning rate", position: "insideBottomRight", offset: -4 }}
          />
          <YAxis
            dataKey="loss"
            type="number"
            scale="log"
            domain={y.domain}
            ticks={y.ticks}
            allowDataOverflow
            tickFormatter={(value: number) => (value === top ? "diverged" : formatCompact(value))}
            width={80}
            name="final loss"
            label={{ value: "final loss", angle: -90, position: "insideLeft" }}
          />
          <ZAxis range={[60, 60]} />
          {OPTIMIZER_NAMES.map((name) => (
            <Scatter
              key={name}
              name={OPTIMIZER_LABELS[name]}
              data={distinctOnScreen(
                finished.filter((p) => p.optimizer === name).map((p) => ({ lr: p.lr, loss: p.loss! })),
                x,
                y,
              )}
              fill={OPTIMIZER_COLORS[name]}
              shape="circle"
              isAnimationActive={false}
            />
          ))}
          <Scatter
            name="diverged"
            data={distinctOnScreen(
              diverged.map((p) => ({ lr: p.lr, loss: top })),
              x,
              y,
            )}
            fill={DIVERGED_COLOR}
            shape="cross"
            legendType="cross"
            isAnimationActive={false}
          />
          <Legend verticalAlign="top" />
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}
