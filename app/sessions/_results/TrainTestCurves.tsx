"use client";
// One run's training and test curves side by side, as TensorFlow Playground shows them: the training loss the
// student descended on, and the server's own test loss at each epoch (replayed on the held-out rows, which the
// results carry only after the reveal). Both plots share one log axis, so the gap between them reads at a glance.
import { useId, useMemo, useState } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompact, formatLoss, formatLr } from "../../components/class/format.ts";
import { logAxis } from "../../components/class/logAxis.ts";
import { OPTIMIZER_LABELS } from "../../components/class/palette.ts";
import { chartCurve } from "../../play/curves.ts";
import type { ResultRun, SessionResults } from "./api.ts";

const MAX_POINTS = 300;
const TRAIN_COLOR = "#0072B2";
const TEST_COLOR = "#D55E00";

/** The runs with a test curve, the training board's first, each student's best ahead of their other attempts. */
function runsWithTestCurves(results: SessionResults): (ResultRun & { testLosses: readonly (number | null)[] })[] {
  const place = (run: ResultRun) => {
    const index = results.leaderboards.train.findIndex((entry) => entry.runId === run.runId);
    return index === -1 ? results.leaderboards.train.length : index;
  };
  return results.runs
    .filter((run): run is ResultRun & { testLosses: readonly (number | null)[] } => run.testLosses !== null)
    .filter((run) => run.losses.length > 0)
    .sort((a, b) => place(a) - place(b) || a.startedAt - b.startedAt);
}

export function TrainTestCurves({ results }: { results: SessionResults }) {
  const id = useId();
  const runs = useMemo(() => runsWithTestCurves(results), [results]);
  const [chosen, setChosen] = useState<string | null>(null);
  const run = runs.find((candidate) => candidate.runId === chosen) ?? runs[0];
  if (!run) return <p className="empty">No run has a test curve.</p>;
  const train = chartCurve(run.losses, MAX_POINTS);
  const test = chartCurve(run.testLosses, MAX_POINTS);
  const axis = logAxis([...train.losses, ...test.losses]);
  const epochs = Math.max(1, run.losses.length - 1);
  return (
    <div className="train-test-curves" data-testid="train-test-curves">
      <div className="descent-field">
        <label htmlFor={`${id}-run`}>Run shown</label>
        <select
          id={`${id}-run`}
          value={run.runId}
          onChange={(e) => setChosen(e.target.value)}
          data-testid="train-test-run"
        >
          {runs.map((option) => (
            <option key={option.runId} value={option.runId}>
              {option.name}, attempt {option.attempt}: {OPTIMIZER_LABELS[option.config.optimizer]}, lr{" "}
              {formatLr(option.config.lr)}
            </option>
          ))}
        </select>
      </div>
      <div className="train-test-curves__plots">
        <CurvePlot
          title="Training loss"
          testId="train-curve"
          losses={run.losses}
          curve={train}
          color={TRAIN_COLOR}
          axis={axis}
          epochs={epochs}
        />
        <CurvePlot
          title="Test loss"
          testId="test-curve"
          losses={run.testLosses}
          curve={test}
          color={TEST_COLOR}
          axis={axis}
          epochs={epochs}
        />
      </div>
    </div>
  );
}

function CurvePlot({
  title,
  testId,
  losses,
  curve,
  color,
  axis,
  epochs,
}: {
  title: string;
  testId: string;
  losses: readonly (number | null)[];
  curve: { readonly epochs: number[]; readonly losses: number[] };
  color: string;
  axis: ReturnType<typeof logAxis>;
  epochs: number;
}) {
  const data = curve.epochs.map((epoch, i) => ({ epoch, loss: curve.losses[i]! }));
  const last = losses.length - 1;
  return (
    <figure className="descent-figure" data-testid={testId}>
      <figcaption className="descent-figure__caption">
        {title} per epoch (log scale):{" "}
        <span data-testid={`${testId}-summary`}>
          {formatLoss(losses[0])} at epoch 0, {formatLoss(losses[last])} at epoch {last}
        </span>
      </figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          {/* Hidden from assistive technology, which reads the caption instead. */}
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#d0d7de" strokeDasharray="3 3" />
            <XAxis
              dataKey="epoch"
              type="number"
              domain={[0, epochs]}
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
            <Line dataKey="loss" name={title} stroke={color} strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
