"use client";
// Every run of the session overlaid, with an epoch slider that cuts the curves at that epoch, so the class's
// descent can be replayed. Curves are downsampled once with the engine's log-scale LTTB.
import { useEffect, useId, useMemo, useState } from "react";
import { logLttb, type ChartRun } from "@downhill/core";
import { ClassLossChart } from "../../components/class/ClassLossChart.tsx";
import { Button } from "../../components/ui/Button.tsx";
import type { SessionResults } from "./api.ts";

const POINTS_PER_RUN = 200;
const PLAY_STEP_MS = 50;
const PLAY_STEPS = 100;
const NO_BANDS = { epochs: [], p10: [], p50: [], p90: [] } as const;

export function ReplayChart({ results }: { results: SessionResults }) {
  const id = useId();
  const total = results.session.challenge.epochs;
  const [cut, setCut] = useState(total);
  const [playing, setPlaying] = useState(false);

  // The training board's runs first, best first, so the chart names the top of the board at its line ends.
  const curves = useMemo<ChartRun[]>(
    () =>
      results.runs
        .filter((run) => run.losses.length > 0)
        .sort((a, b) => boardPlace(results, a.runId) - boardPlace(results, b.runId))
        .map((run) => {
          const epochs = run.losses.map((_, i) => i);
          const losses = run.losses.map((loss) => loss ?? Number.NaN);
          const down = logLttb(epochs, losses, POINTS_PER_RUN);
          return {
            runId: run.runId,
            studentId: run.studentId,
            name: run.name,
            optimizer: run.config.optimizer,
            lr: run.config.lr,
            status: run.status,
            epochs: down.xs,
            losses: down.ys,
          };
        }),
    [results],
  );

  useEffect(() => {
    if (!playing) return undefined;
    const step = Math.max(1, Math.ceil(total / PLAY_STEPS));
    const timer = window.setInterval(() => {
      setCut((current) => {
        const next = Math.min(total, current + step);
        if (next >= total) setPlaying(false);
        return next;
      });
    }, PLAY_STEP_MS);
    return () => window.clearInterval(timer);
  }, [playing, total]);

  const runs = useMemo(
    () =>
      curves.map((run) => {
        const end = run.epochs.findIndex((epoch) => epoch > cut);
        if (end === -1) return run;
        return { ...run, epochs: run.epochs.slice(0, end), losses: run.losses.slice(0, end) };
      }),
    [curves, cut],
  );

  return (
    <div className="replay">
      <div className="replay__controls">
        <label htmlFor={`${id}-epoch`} className="field__label">
          Show the first <output htmlFor={`${id}-epoch`}>{cut}</output> of {total} epochs
        </label>
        <input
          id={`${id}-epoch`}
          type="range"
          min={0}
          max={total}
          step={1}
          value={cut}
          data-testid="replay-slider"
          onChange={(e) => {
            setPlaying(false);
            setCut(Number(e.target.value));
          }}
        />
        <Button
          onClick={() => {
            if (!playing && cut >= total) setCut(0);
            setPlaying(!playing);
          }}
          aria-pressed={playing}
        >
          {playing ? "Pause replay" : "Replay"}
        </Button>
      </div>
      <ClassLossChart chart={{ runs, bands: NO_BANDS, diverged: [] }} height={380} />
    </div>
  );
}

/** A run's place on the training board, or past its end when it is not on it. */
function boardPlace(results: SessionResults, runId: string): number {
  const place = results.leaderboards.train.findIndex((entry) => entry.runId === runId);
  return place === -1 ? results.leaderboards.train.length : place;
}
