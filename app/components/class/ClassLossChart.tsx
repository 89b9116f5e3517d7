"use client";
// The class overlay: every run's training loss per epoch on a log scale, the p10–p90 band and median across the
// whole class, the leading runs as lines, and optionally the viewer's own curve on top. No animation, so a chart
// redrawn at the server's broadcast rate stays cheap.
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, XAxis, YAxis } from "recharts";
import type { ChartView } from "@downhill/core";
import { formatCompact, formatLoss } from "./format.ts";
import { isPlottable, logAxis } from "./logAxis.ts";
import { BAND_COLOR, MEDIAN_COLOR, OPTIMIZER_COLORS, OPTIMIZER_LABELS, OWN_COLOR } from "./palette.ts";

export interface Curve {
  readonly epochs: readonly number[];
  readonly losses: readonly number[];
}

interface Point {
  epoch: number;
  loss: number | null;
}

function points(curve: Curve): Point[] {
  return curve.epochs.map((epoch, i) => {
    const loss = curve.losses[i];
    return { epoch, loss: isPlottable(loss) ? loss : null };
  });
}

export function ClassLossChart({
  chart,
  highlightStudentId,
  ownCurve,
  height = 360,
}: {
  chart: Pick<ChartView, "runs" | "bands"> | null;
  highlightStudentId?: string;
  ownCurve?: Curve;
  height?: number;
}) {
  const bands = chart?.bands;
  const bandData = (bands?.epochs ?? []).map((epoch, i) => {
    const p10 = bands?.p10[i];
    const p50 = bands?.p50[i];
    const p90 = bands?.p90[i];
    return {
      epoch,
      band: isPlottable(p10) && isPlottable(p90) ? [p10, p90] : null,
      median: isPlottable(p50) ? p50 : null,
    };
  });
  const runs = chart?.runs ?? [];
  // The y range follows the class band, the runs that did not diverge and the viewer's own curve; a diverging
  // run leaves through the top edge instead of squashing everyone else into a line.
  const yValues: number[] = [];
  for (const b of bandData) if (b.band) yValues.push(b.band[0]!, b.band[1]!);
  for (const run of runs) if (run.status !== "diverged") yValues.push(...run.losses);
  if (ownCurve) yValues.push(...ownCurve.losses);
  const y = logAxis(yValues);
  const maxEpoch = Math.max(
    1,
    bands?.epochs.at(-1) ?? 0,
    ...runs.map((run) => run.epochs.at(-1) ?? 0),
    ownCurve?.epochs.at(-1) ?? 0,
  );

  const lastMedian = bandData.findLast((b) => b.median !== null);
  const summary =
    runs.length === 0 && !ownCurve
      ? "Class loss chart: no runs yet."
      : `Class loss chart, log scale: ${runs.length} leading runs shown` +
        (lastMedian ? `; class median loss ${formatLoss(lastMedian.median)} at epoch ${lastMedian.epoch}` : "") +
        (ownCurve && ownCurve.losses.length > 0
          ? `; your loss ${formatLoss(ownCurve.losses.at(-1))} at epoch ${ownCurve.epochs.at(-1)}`
          : "") +
        ".";

  return (
    <figure className="chart" role="img" aria-label={summary} data-testid="class-chart" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={bandData} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="#d0d7de" strokeDasharray="3 3" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={[0, maxEpoch]}
            allowDecimals={false}
            label={{ value: "epoch", position: "insideBottomRight", offset: -4 }}
          />
          <YAxis
            scale="log"
            type="number"
            domain={y.domain}
            ticks={y.ticks}
            allowDataOverflow
            tickFormatter={(value: number) => formatCompact(value)}
            width={72}
            label={{ value: "loss", angle: -90, position: "insideLeft" }}
          />
          <Area
            dataKey="band"
            name="class p10–p90"
            stroke="none"
            fill={BAND_COLOR}
            fillOpacity={0.3}
            isAnimationActive={false}
            connectNulls
            legendType={bandData.length > 0 ? "rect" : "none"}
          />
          <Line
            dataKey="median"
            name="class median"
            stroke={MEDIAN_COLOR}
            strokeDasharray="6 4"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
            connectNulls
            legendType={bandData.length > 0 ? "plainline" : "none"}
          />
          {runs.map((run) => {
            const highlighted = run.studentId === highlightStudentId;
            return (
              <Line
                key={run.runId}
                data={points(run)}
                dataKey="loss"
                name={`${run.name} (${OPTIMIZER_LABELS[run.optimizer]})`}
                stroke={OPTIMIZER_COLORS[run.optimizer]}
                strokeWidth={highlighted ? 4 : 1.5}
                strokeOpacity={highlighted ? 1 : 0.8}
                dot={false}
                isAnimationActive={false}
                legendType="none"
              />
            );
          })}
          {ownCurve ? (
            <Line
              data={points(ownCurve)}
              dataKey="loss"
              name="your run"
              stroke={OWN_COLOR}
              strokeWidth={4}
              dot={false}
              isAnimationActive={false}
            />
          ) : null}
          <Legend verticalAlign="top" />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
