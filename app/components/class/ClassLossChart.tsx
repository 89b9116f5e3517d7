"use client";
// The class overlay: every run's training loss per epoch on a log scale, the p10–p90 band and median across the
// whole class, the leading runs as lines, the newest diverged runs clipped at the top with a ✕ where they exploded,
// PyTorch's defaults as dashed grey ghosts with the closed-form floor, and optionally the viewer's own curve on top. Recharts lays out the axes and grid; the marks are plain paths
// through its scales (ScaledLayers), so a chart redrawn at the server's broadcast rate stays cheap. Each student's
// line is named on hover or keyboard focus, and the best runs carry their names (RunNamesLayer).
import { ComposedChart, XAxis, YAxis } from "recharts";
import { OPTIMIZER_NAMES, type ChartView, type ReferenceCurve } from "@downhill/core";
import { CHART_MARGIN, ChartFrame, ChartGrid } from "./ChartFrame.tsx";
import type { LegendItem } from "./ChartLegend.tsx";
import { clipDiverged } from "./clipDiverged.ts";
import { formatCompact, formatLoss } from "./format.ts";
import { isPlottable, logAxis } from "./logAxis.ts";
import { LABELLED_RUNS, namedRuns } from "./namedRuns.ts";
import {
  BAND_COLOR,
  DIVERGED_COLOR,
  EDGE_COLOR,
  MEDIAN_COLOR,
  OPTIMIZER_COLORS,
  OPTIMIZER_LABELS,
  OWN_COLOR,
  REFERENCE_STYLES,
  referenceLabel,
} from "./palette.ts";
import { RunNamesLayer, type NamedLine } from "./RunNamesLayer.tsx";
import { LineLayer, MarkerLayer, type BandSeries, type LineSeries } from "./ScaledLayers.tsx";
import { useRunExplorer } from "./useRunExplorer.ts";

export interface Curve {
  readonly epochs: readonly number[];
  readonly losses: readonly number[];
}

/** The loss values a log axis can show, the others as gaps. */
function plottable(losses: readonly (number | null)[]): (number | null)[] {
  return losses.map((loss) => (isPlottable(loss) ? loss : null));
}

/** The reference runs in words: where each of PyTorch's defaults ended. */
export function referencesSummary(references: readonly ReferenceCurve[]): string {
  if (references.length === 0) return "";
  const ends = references.map(
    (reference) => `${referenceLabel(reference.label)} ends at ${formatLoss(reference.finalLoss)}`,
  );
  return `; ${ends.join("; ")}`;
}

export function ClassLossChart({
  chart,
  highlightStudentId,
  ownCurve,
  references = [],
  optimumLoss = null,
  height = 360,
  labelled = LABELLED_RUNS,
}: {
  chart: Pick<ChartView, "runs" | "bands" | "diverged"> | null;
  highlightStudentId?: string;
  ownCurve?: Curve;
  /** PyTorch's defaults on the training rows (`session:references`), drawn as ghosts. */
  references?: readonly ReferenceCurve[];
  /** The closed-form floor of the training loss, drawn when it is near the curves. */
  optimumLoss?: number | null;
  height?: number;
  /** How many of the best verified runs, in the order of `chart.runs`, carry their student's name. */
  labelled?: number;
}) {
  const bands = chart?.bands;
  const bandEpochs = bands?.epochs ?? [];
  const band: BandSeries = {
    xs: bandEpochs,
    lows: plottable(bands?.p10 ?? []),
    highs: plottable(bands?.p90 ?? []),
    fill: BAND_COLOR,
    fillOpacity: 0.3,
  };
  const medians = plottable(bands?.p50 ?? []);
  const runs = chart?.runs ?? [];
  const diverged = chart?.diverged ?? [];

  // The y range follows the class band, the runs that did not diverge and the viewer's own curve; a diverging
  // run leaves through the top edge instead of squashing everyone else into a line (only its start counts).
  const yValues: (number | null)[] = [];
  for (let i = 0; i < bandEpochs.length; i++) {
    if (band.lows[i] !== null && band.highs[i] !== null) yValues.push(band.lows[i]!, band.highs[i]!);
  }
  for (const run of runs) if (run.status !== "diverged") yValues.push(...run.losses);
  for (const run of diverged) yValues.push(run.losses[0] ?? null);
  if (ownCurve) yValues.push(...ownCurve.losses);
  for (const reference of references) yValues.push(...reference.losses);
  // The floor joins the axis only when it is near the curves: an exact fit (loss ~1e-30) would squash them.
  const lowest = Math.min(...yValues.map((value) => (isPlottable(value) ? value : Infinity)));
  const showFloor = isPlottable(optimumLoss) && (yValues.length === 0 || optimumLoss >= lowest / 1e3);
  if (showFloor) yValues.push(optimumLoss);
  const y = logAxis(yValues);
  const clipped = diverged.map((run) => ({ runId: run.runId, ...clipDiverged(run, y.domain[1]) }));
  const maxEpoch = Math.max(
    1,
    bandEpochs.at(-1) ?? 0,
    ...runs.map((run) => run.epochs.at(-1) ?? 0),
    ...clipped.map((run) => run.mark.x),
    ownCurve?.epochs.at(-1) ?? 0,
    ...references.map((reference) => reference.epochs.at(-1) ?? 0),
  );

  const named = namedRuns(runs, diverged, labelled);
  const { activeRunId, explorer } = useRunExplorer(named);
  // Each named run with the curve drawn for it: a diverged one as clipped at the top.
  const curves = new Map<string, Omit<NamedLine, "run">>();
  for (const run of runs) {
    curves.set(run.runId, { xs: run.epochs, ys: plottable(run.losses), stroke: OPTIMIZER_COLORS[run.optimizer] });
  }
  for (const run of clipped) curves.set(run.runId, { xs: run.xs, ys: run.ys, stroke: DIVERGED_COLOR });
  const namedLines: NamedLine[] = named.map((run) => ({ run, ...curves.get(run.runId)! }));
  const labelNames = named.filter((run) => run.labelled).map((run) => run.name);

  const lines: LineSeries[] = [];
  if (showFloor) {
    lines.push({
      key: "floor",
      xs: [0, maxEpoch],
      ys: [optimumLoss, optimumLoss],
      stroke: EDGE_COLOR,
      strokeWidth: 1.5,
      strokeDasharray: "1 4",
      testId: "floor-line",
    });
  }
  for (const reference of references) {
    const style = REFERENCE_STYLES[reference.id];
    lines.push({
      key: `reference-${reference.id}`,
      xs: reference.epochs,
      ys: reference.losses,
      stroke: style.color,
      strokeWidth: 2,
      strokeDasharray: style.dash,
      testId: `reference-${reference.id}`,
    });
  }
  if (bandEpochs.length > 0) {
    lines.push({
      key: "median",
      xs: bandEpochs,
      ys: medians,
      stroke: MEDIAN_COLOR,
      strokeWidth: 2,
      strokeDasharray: "6 4",
    });
  }
  for (const run of clipped) {
    lines.push({ key: `diverged-${run.runId}`, xs: run.xs, ys: run.ys, stroke: DIVERGED_COLOR, strokeWidth: 1.5 });
  }
  for (const run of runs) {
    const highlighted = run.studentId === highlightStudentId;
    lines.push({
      key: run.runId,
      xs: run.epochs,
      ys: plottable(run.losses),
      stroke: OPTIMIZER_COLORS[run.optimizer],
      strokeWidth: highlighted ? 4 : 1.5,
      strokeOpacity: highlighted ? 1 : 0.8,
    });
  }
  if (ownCurve) {
    lines.push({ key: "own", xs: ownCurve.epochs, ys: plottable(ownCurve.losses), stroke: OWN_COLOR, strokeWidth: 4 });
  }

  const legend: LegendItem[] = [];
  if (bandEpochs.length > 0) {
    legend.push({ label: "class p10–p90", color: BAND_COLOR, kind: "band" });
    legend.push({ label: "class median", color: MEDIAN_COLOR, kind: "dashed" });
  }
  for (const name of OPTIMIZER_NAMES) {
    if (runs.some((run) => run.optimizer === name)) {
      legend.push({ label: OPTIMIZER_LABELS[name], color: OPTIMIZER_COLORS[name], kind: "line" });
    }
  }
  if (clipped.length > 0)
    legend.push({ label: "diverged (✕ where it left the chart)", color: DIVERGED_COLOR, kind: "x" });
  for (const reference of references) {
    const style = REFERENCE_STYLES[reference.id];
    legend.push({ label: referenceLabel(reference.label), color: style.color, kind: "dashed", dash: style.dash });
  }
  if (showFloor) legend.push({ label: "best possible (closed form)", color: EDGE_COLOR, kind: "dashed", dash: "1 4" });
  if (ownCurve) legend.push({ label: "your run", color: OWN_COLOR, kind: "line" });

  const lastMedianAt = medians.findLastIndex((median) => median !== null);
  const summary =
    runs.length === 0 && clipped.length === 0 && !ownCurve
      ? `Class loss chart: no runs yet${referencesSummary(references)}.`
      : `Class loss chart, log scale: ${runs.length} leading runs shown` +
        (clipped.length > 0
          ? `; ${clipped.length} diverged ${clipped.length === 1 ? "run" : "runs"} drawn until the loss left the chart`
          : "") +
        (lastMedianAt >= 0
          ? `; class median loss ${formatLoss(medians[lastMedianAt])} at epoch ${bandEpochs[lastMedianAt]}`
          : "") +
        (ownCurve && ownCurve.losses.length > 0
          ? `; your loss ${formatLoss(ownCurve.losses.at(-1))} at epoch ${ownCurve.epochs.at(-1)}`
          : "") +
        (labelNames.length > 0 ? `; named at their line ends: ${labelNames.join(", ")}` : "") +
        referencesSummary(references) +
        ".";

  return (
    <ChartFrame summary={summary} testId="class-chart" height={height} legend={legend} explorer={explorer}>
      <ComposedChart margin={CHART_MARGIN} accessibilityLayer={false}>
        <ChartGrid />
        <XAxis
          dataKey="epoch"
          type="number"
          domain={[0, maxEpoch]}
          allowDataOverflow
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
        <LineLayer lines={lines} band={band} />
        <MarkerLayer
          series={[
            {
              key: "diverged",
              points: clipped.map((run) => run.mark),
              fill: DIVERGED_COLOR,
              shape: "x",
              testId: "diverged-marks",
            },
          ]}
        />
        <RunNamesLayer lines={namedLines} activeRunId={activeRunId} />
      </ComposedChart>
    </ChartFrame>
  );
}
