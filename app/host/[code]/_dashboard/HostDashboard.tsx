"use client";
// The projector view of a live session: how to join, the clock and the host's controls, the leaderboard, the
// class's loss curves, the learning-rate scatter, the roster and the runs that went wrong.
import Link from "next/link";
import { memo, useCallback, useEffect, useRef, useState } from "react";
import {
  referenceCurvesFor,
  type ProblemRun,
  type RosterStudent,
  type ScatterPoint,
  type SessionCounts,
  type SessionStatus,
} from "@downhill/core";
import { ClassLossChart } from "../../../components/class/ClassLossChart.tsx";
import { Countdown } from "../../../components/class/Countdown.tsx";
import { Leaderboard } from "../../../components/class/Leaderboard.tsx";
import { LrScatter } from "../../../components/class/LrScatter.tsx";
import { OptimizerMix } from "../../../components/class/OptimizerMix.tsx";
import { showsPodium } from "../../../components/class/podium.ts";
import { Panel } from "../../../components/ui/Panel.tsx";
import { StatusMessage } from "../../../components/ui/StatusMessage.tsx";
import { DiagnosisGroups } from "./DiagnosisGroups.tsx";
import { HostControls } from "./HostControls.tsx";
import { JoinPanel } from "./JoinPanel.tsx";
import { NextRound } from "./NextRound.tsx";
import { Presentation } from "./Presentation.tsx";
import { ProblemRuns } from "./ProblemRuns.tsx";
import { Roster } from "./Roster.tsx";
import { useHostSession } from "./useHostSession.ts";
import { useUpdateMeasure } from "./updateTiming.ts";

// Each broadcast changes one view: the panels showing the others skip their (for the charts, costly) render.
const MemoClassLossChart = memo(ClassLossChart);
const MemoLrScatter = memo(LrScatter);
const MemoLeaderboard = memo(Leaderboard);
const MemoOptimizerMix = memo(OptimizerMix);
const MemoProblemRuns = memo(ProblemRuns);
const MemoDiagnosisGroups = memo(DiagnosisGroups);
const NO_POINTS: readonly ScatterPoint[] = [];
const NO_PROBLEMS: readonly ProblemRun[] = [];

const STATUS_LABELS: Record<SessionStatus, string> = {
  lobby: "Waiting to start",
  running: "Running",
  paused: "Paused",
  ended: "Ended",
};

function Counts({ counts }: { counts: SessionCounts }) {
  const items: [string, number][] = [
    ["students", counts.students],
    ["connected", counts.connected],
    ["running", counts.running],
    ["verified", counts.verified],
    ["diverged", counts.diverged],
    ["rejected", counts.rejected],
  ];
  // Runs still descending when the round ended: only after the end.
  if (counts.unfinished > 0) items.push(["unfinished", counts.unfinished]);
  return (
    <dl className="counts" data-testid="counts">
      {items.map(([label, value]) => (
        <div key={label} className="counts__item">
          <dt>{label}</dt>
          <dd data-testid={`count-${label}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function HostDashboard({ code }: { code: string }) {
  const session = useHostSession(code);
  const { connection, error, state, leaderboard, chart, roster, joinReach, references, command } = session;
  const [kickMessage, setKickMessage] = useState<string | null>(null);
  /** The LAN address the instructor chose to show in place of a local join URL, on both views. */
  const [lanUrl, setLanUrl] = useState<string | null>(null);
  const [presenting, setPresenting] = useState(false);
  const presentButton = useRef<HTMLButtonElement>(null);
  /** Back from the presentation, the focus returns to the button that opened it. */
  const [returningFocus, setReturningFocus] = useState(false);
  useEffect(() => {
    if (!returningFocus || presenting) return;
    presentButton.current?.focus();
    setReturningFocus(false);
  }, [returningFocus, presenting]);
  useUpdateMeasure("chart", chart);
  useUpdateMeasure("roster", roster);
  useUpdateMeasure("leaderboard", leaderboard);

  const kick = useCallback(
    async (student: RosterStudent) => {
      const question =
        `Remove ${student.name} from the session? Their runs leave the leaderboard, and the browser they joined ` +
        "from cannot join again. From another browser they could join under a new name: lock joining to stop that.";
      if (!window.confirm(question)) return;
      const failure = await command({ type: "kick", studentId: student.studentId });
      setKickMessage(
        failure
          ? `Could not remove ${student.name}: ${failure}`
          : `${student.name} was removed. Their browser cannot join again; lock joining to keep out new names too.`,
      );
    },
    [command],
  );
  const onKick = useCallback((student: RosterStudent) => void kick(student), [kick]);

  if (connection === "no-token") {
    return (
      <main className="page">
        <h1>Session {code}</h1>
        <StatusMessage tone="error" testId="host-no-token">
          This browser did not create session {code}, so it cannot host it. Open the dashboard in the browser that
          created the session, or <Link href="/host">create a new session</Link>.
        </StatusMessage>
      </main>
    );
  }
  if (!state) {
    return (
      <main className="page">
        <h1>Session {code}</h1>
        <StatusMessage tone={connection === "failed" ? "error" : "info"} testId="host-attach-status">
          {connection === "failed" ? `Could not open the dashboard: ${error ?? "unknown error"}` : "Connecting…"}
        </StatusMessage>
      </main>
    );
  }

  const sessionReferences = referenceCurvesFor(references, state);
  if (presenting) {
    return (
      <Presentation
        state={state}
        shownUrl={lanUrl ?? state.joinUrl}
        leaderboard={leaderboard}
        chart={chart}
        roster={roster}
        references={sessionReferences}
        onExit={() => {
          setPresenting(false);
          setReturningFocus(true);
        }}
      />
    );
  }

  const ended = state.status === "ended";
  return (
    <main className="dashboard">
      <header className="dashboard__header">
        <div className="dashboard__title">
          <h1>
            {state.challenge.title}
            {state.round > 1 ? <span className="dashboard__round"> · round {state.round}</span> : null}
          </h1>
          <p className="dashboard__status" aria-live="polite" data-testid="session-status">
            <span className={`pill pill--session-${state.status}`}>{STATUS_LABELS[state.status]}</span>
            {state.locked ? <span className="pill pill--locked">joining locked</span> : null}
            {state.anonymized ? <span className="pill pill--muted">names hidden</span> : null}
            {connection === "offline" ? <span className="pill pill--rejected">reconnecting…</span> : null}
          </p>
        </div>
        <Countdown state={state} className="dashboard__countdown" />
        <HostControls state={state} send={command} />
        <button
          ref={presentButton}
          type="button"
          className="btn btn--primary"
          onClick={() => setPresenting(true)}
          data-testid="present"
        >
          Present
        </button>
      </header>
      {connection === "failed" && error ? <StatusMessage tone="error">{error}</StatusMessage> : null}
      {ended ? (
        <p className="dashboard__results">
          The round is over.{" "}
          <Link href={`/sessions/${state.sessionId}`} data-testid="results-link">
            Open the full results
          </Link>
        </p>
      ) : null}
      {ended ? <NextRound round={state.round} send={command} /> : null}

      <div className="dashboard__grid">
        <div className="dashboard__side">
          <JoinPanel
            code={state.code}
            joinUrl={state.joinUrl}
            joinReach={joinReach}
            lanUrl={lanUrl}
            onLanUrl={setLanUrl}
          />
          <Counts counts={state.counts} />
          <Panel title="Why runs ended" id="diagnoses">
            <MemoDiagnosisGroups diagnoses={roster?.diagnoses} />
          </Panel>
        </div>
        <Panel title="Leaderboard" id="leaderboard" className="dashboard__board">
          <MemoLeaderboard view={leaderboard} podium={showsPodium(state)} />
        </Panel>
        <div className="dashboard__charts">
          <Panel title="Loss per epoch" id="class-chart">
            <MemoClassLossChart
              chart={chart}
              references={sessionReferences}
              optimumLoss={state.optimumLoss}
              height={360}
            />
          </Panel>
          <div className="dashboard__pair">
            <Panel title="Learning rate vs final loss" id="lr-scatter">
              <MemoLrScatter points={chart?.scatter ?? NO_POINTS} edge={state.edgeOfStability} height={300} />
            </Panel>
            <Panel title="Optimizers chosen" id="optimizer-mix">
              <MemoOptimizerMix mix={chart?.optimizerMix} />
            </Panel>
          </div>
        </div>
      </div>

      <div className="dashboard__lower">
        <Panel title={`Roster (${roster?.students.length ?? 0})`} id="roster">
          <p className="field__hint" data-testid="kick-lock-hint">
            Kick removes a student and takes their runs off the leaderboard; the browser they joined from cannot join
            again, but another browser could join under a new name. Lock joining keeps every new name out, while
            students already in can still reconnect.
          </p>
          <div aria-live="polite" data-testid="kick-status">
            {kickMessage ? <p className="status status--info">{kickMessage}</p> : null}
          </div>
          <Roster roster={roster} onKick={onKick} />
        </Panel>
        <Panel title="Diverged and rejected runs" id="problems">
          <MemoProblemRuns problems={roster?.problems ?? NO_PROBLEMS} />
        </Panel>
      </div>
    </main>
  );
}
