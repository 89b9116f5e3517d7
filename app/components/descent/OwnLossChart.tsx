"use client";
// The student's own loss curve, live: training loss at the start of each epoch on a log axis, downsampled with
// the engine's log-aware LTTB once it grows long, drawn without animation so it keeps up with the worker. Behind it,
// PyTorch's defaults on the same training rows as dashed grey ghosts, each named in the key: the runs to beat. The
// student's earlier attempts of this session lie faintly under the current one, each named in the key.
import { useMemo } from "react";
import type { ReferenceCurve } from "@downhill/core";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AttemptCurve } from "../../play/attempts.ts";
import { chartCurve } from "../../play/curves.ts";
import { isPlottable, logAxis } from "../class/logAxis.ts";
import { formatCompact, formatLoss } from "../class/format.ts";
import { ChartLegend, type LegendItem } from "../class/ChartLegend.tsx";
import { referencesSummary } from "../class/ClassLossChart.tsx";
import { attemptColor, OWN_COLOR, DIVERGED_COLOR, REFERENCE_STYLES, referenceLabel } from "../class/palette.ts";

/** Points kept on screen; a phone is narrower than this many pixels anyway. */
const MAX_POINTS = 400;
/** Points per earlier attempt: a faint line behind the current one needs less. */
const ATTEMPT_POINTS = 150;

const NO_ATTEMPTS: readonly AttemptCurve[] = [];

export function OwnLossChart({
  losses,
  epochs,
  optimumLoss,
  divergedAt,
  references = [],
  attempts = NO_ATTEMPTS,
  attempt = null,
  height = 220,
}: {
  losses: readonly (number | null)[];
  epochs: number;
  optimumLoss: number | null;
  divergedAt: number | null;
  /** PyTorch's defaults on the training rows (`session:references`). */
  references?: readonly ReferenceCurve[];
  /** The student's earlier attempts of this session, with the losses the server checked. */
  attempts?: readonly AttemptCurve[];
  /** The number of the attempt on screen, once the server has numbered it. */
  attempt?: number | null;
  height?: number;
}) {
  const data = useMemo(() => {
    const curve = chartCurve(losses, MAX_POINTS);
    return curve.epochs.map((epoch, i) => ({ epoch, loss: curve.losses[i]! }));
  }, [losses]);
  // The best possible loss joins the axis only when it is near the curve: an exact fit (loss ~1e-30) would
  // squash the curve into a sliver.
  const ghosts = useMemo(
    () =>
      references.map((reference) => ({
        reference,
        points: reference.epochs.map((epoch, i) => ({ epoch, loss: reference.losses[i]! })),
      })),
    [references],
  );
  const earlier = useMemo(
    () =>
      attempts.map((curve) => {
        const kept = chartCurve(curve.losses, ATTEMPT_POINTS);
        return { curve, points: kept.epochs.map((epoch, i) => ({ epoch, loss: kept.losses[i]! })) };
      }),
    [attempts],
  );
  const curveLosses = [
    ...data.map((point) => point.loss),
    ...references.flatMap((reference) => reference.losses),
    ...earlier.flatMap(({ points }) => points.map((point) => point.loss)),
  ];
  const lowest = curveLosses.reduce((low, loss) => Math.min(low, loss), Infinity);
  const showOptimum = isPlottable(optimumLoss) && (curveLosses.length === 0 || optimumLoss >= lowest / 1e3);
  const axis = logAxis([...curveLosses, showOptimum ? optimumLoss : null]);
  const legend: LegendItem[] = references.map((reference) => ({
    label: referenceLabel(reference.label),
    color: REFERENCE_STYLES[reference.id].color,
    kind: "dashed",
    dash: REFERENCE_STYLES[reference.id].dash,
  }));
  legend.unshift(
    ...earlier.map(({ curve }) => ({
      label: `attempt ${curve.attempt}`,
      color: attemptColor(curve.attempt),
      kind: "line" as const,
    })),
  );
  if (legend.length > 0) {
    legend.unshift({
      label: attempt === null ? "your run" : `attempt ${attempt} (this run)`,
      color: OWN_COLOR,
      kind: "line",
    });
  }
  const last = data[data.length - 1];

  return (
    <figure className="descent-figure" data-testid="own-chart">
      <figcaption className="descent-figure__caption">
        Your loss per epoch (log scale)
        <span className="sr-only">
          {last ? `: ${formatLoss(last.loss)} at epoch ${last.epoch}` : ": no epochs yet"}
          {referencesSummary(references)}
          {earlier.length > 0
            ? `. Your earlier attempts: ${earlier
                .map(
                  ({ curve, points }) =>
                    `attempt ${curve.attempt} ended at ${formatLoss(points[points.length - 1]?.loss)}`,
                )
                .join("; ")}`
            : null}
        </span>
      </figcaption>
      <ChartLegend items={legend} />
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={height}>
          {/* No keyboard layer: the chart is hidden from assistive technology, which reads the caption instead. */}
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#d0d7de" strokeDasharray="3 3" />
            <XAxis
              dataKey="epoch"
              type="number"
              domain={[0, Math.max(1, epochs)]}
              tickCount={5}
              allowDecimals={false}
              fontSize={12}
              stroke="#57606a"
            />
            <YAxis
              scale="log"
              domain={axis.domain}
              ticks={axis.ticks}
              type="number"
              allowDataOverflow
              tickFormatter={(value: number) => formatCompact(value)}
              width={56}
              fontSize={12}
              stroke="#57606a"
            />
            <Tooltip
              formatter={(value) => formatLoss(typeof value === "number" ? value : Number(value))}
              labelFormatter={(label) => `epoch ${typeof label === "number" || typeof label === "string" ? label : ""}`}
            />
            {showOptimum ? (
              <ReferenceLine
                y={optimumLoss}
                stroke="#1b1f24"
                strokeDasharray="6 4"
                label={{ value: "best possible", position: "insideBottomRight", fontSize: 11, fill: "#1b1f24" }}
              />
            ) : null}
            {divergedAt !== null ? <ReferenceLine x={divergedAt} stroke={DIVERGED_COLOR} strokeWidth={2} /> : null}
            {earlier.map(({ curve, points }) => (
              <Line
                key={curve.runId}
                data={points}
                type="linear"
                dataKey="loss"
                stroke={attemptColor(curve.attempt)}
                strokeOpacity={0.55}
                strokeWidth={1.5}
                dot={false}
                isAnimationActive={false}
                name={`attempt ${curve.attempt}`}
                className="attempt-line"
              />
            ))}
            {ghosts.map(({ reference, points }) => (
              <Line
                key={reference.id}
                data={points}
                type="linear"
                dataKey="loss"
                stroke={REFERENCE_STYLES[reference.id].color}
                strokeDasharray={REFERENCE_STYLES[reference.id].dash}
                strokeWidth={1.5}
                dot={false}
                isAnimationActive={false}
                name={referenceLabel(reference.label)}
                className={`reference-line reference-line--${reference.id}`}
              />
            ))}
            <Line
              type="linear"
              dataKey="loss"
              stroke={OWN_COLOR}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              name="loss"
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
