"use client";
// Learning rate against final loss, both on log scales: too small a step barely moves, too large a step
// diverges, and the U between them is the lesson. Diverged runs sit on the top edge with their own marker, and a
// dashed line marks the edge of stability, past which plain gradient descent diverges. Recharts lays out the axes;
// the marks are one path per series (ScaledLayers), drawn once per visible spot.
import { ScatterChart, XAxis, YAxis } from "recharts";
import { OPTIMIZER_NAMES, type ScatterPoint } from "@downhill/core";
import { CHART_MARGIN, ChartFrame, ChartGrid } from "./ChartFrame.tsx";
import type { LegendItem } from "./ChartLegend.tsx";
import { formatCompact, formatLoss, formatLr } from "./format.ts";
import { isPlottable, logAxis } from "./logAxis.ts";
import { DIVERGED_COLOR, EDGE_COLOR, OPTIMIZER_COLORS, OPTIMIZER_LABELS } from "./palette.ts";
import { LineLayer, MarkerLayer, type MarkerSeries } from "./ScaledLayers.tsx";

export function LrScatter({
  points,
  edge = null,
  height = 320,
}: {
  points: readonly ScatterPoint[];
  /** The session's edge of stability (SessionStateView.edgeOfStability), or null where the model has none. */
  edge?: number | null;
  height?: number;
}) {
  const finished = points.filter((p) => p.status !== "diverged" && isPlottable(p.loss) && isPlottable(p.lr));
  const diverged = points.filter((p) => p.status === "diverged" && isPlottable(p.lr));
  const edgeShown = isPlottable(edge) ? edge : null;
  // Pad the learning-rate axis so points on a whole decade (lr = 1) do not sit half outside the plot.
  const lrs = [...points.map((p) => p.lr), edgeShown].filter(isPlottable);
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
        (edgeShown !== null ? `; edge of stability at learning rate ${formatLr(edgeShown)}` : "") +
        ".";

  const series: MarkerSeries[] = OPTIMIZER_NAMES.map((name) => ({
    key: name,
    points: finished.filter((p) => p.optimizer === name).map((p) => ({ x: p.lr, y: p.loss! })),
    fill: OPTIMIZER_COLORS[name],
    shape: "circle",
  }));
  series.push({
    key: "diverged",
    points: diverged.map((p) => ({ x: p.lr, y: top })),
    fill: DIVERGED_COLOR,
    shape: "cross",
  });
  const legend: LegendItem[] = OPTIMIZER_NAMES.map((name) => ({
    label: OPTIMIZER_LABELS[name],
    color: OPTIMIZER_COLORS[name],
    kind: "circle",
  }));
  legend.push({ label: "diverged", color: DIVERGED_COLOR, kind: "cross" });
  if (edgeShown !== null) {
    legend.push({ label: `edge of stability (${formatLr(edgeShown)})`, color: EDGE_COLOR, kind: "dashed" });
  }

  return (
    <ChartFrame summary={summary} testId="lr-scatter" height={height} legend={legend}>
      <ScatterChart margin={CHART_MARGIN}>
        <ChartGrid />
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
        {edgeShown !== null ? (
          <LineLayer
            lines={[
              {
                key: "edge",
                xs: [edgeShown, edgeShown],
                ys: y.domain,
                stroke: EDGE_COLOR,
                strokeWidth: 2,
                strokeDasharray: "6 4",
                testId: "edge-of-stability-line",
              },
            ]}
          />
        ) : null}
        <MarkerLayer series={series} />
      </ScatterChart>
    </ChartFrame>
  );
}
