"use client";
// One session's results: the final leaderboards, a replay of every run's curve, the learning-rate scatter,
// every run in a table, the exports, and for the instructor a read-only link to share and a way to delete it all.
import Link from "next/link";
import { useEffect, useState } from "react";
import type { Challenge, LeaderboardEntry, LeaderboardView } from "@downhill/core";
import { formatBatch, formatDuration, formatLoss, formatLr } from "../../components/class/format.ts";
import { Leaderboard } from "../../components/class/Leaderboard.tsx";
import { LrScatter } from "../../components/class/LrScatter.tsx";
import { OPTIMIZER_LABELS } from "../../components/class/palette.ts";
import { Panel } from "../../components/ui/Panel.tsx";
import { StatusMessage } from "../../components/ui/StatusMessage.tsx";
import { storage } from "../../lib/storage.ts";
import { getJson, type Access, type Fetched, type SessionResults } from "./api.ts";
import { DeleteBox } from "./DeleteBox.tsx";
import { Downloads } from "./Downloads.tsx";
import { PredictionsTable } from "./PredictionsTable.tsx";
import { ReplayChart } from "./ReplayChart.tsx";
import { RunsTable } from "./RunsTable.tsx";
import { ShareBox } from "./ShareBox.tsx";
import { Timeline } from "./Timeline.tsx";
import { TrainTestCurves } from "./TrainTestCurves.tsx";
import { TrainTestTable } from "./TrainTestTable.tsx";

type Load =
  { readonly kind: "loading" } | { readonly kind: "no-access" } | ({ readonly kind: "done" } & Fetched<SessionResults>);

function board(split: "train" | "test", entries: readonly LeaderboardEntry[]): LeaderboardView {
  return { split, final: true, total: entries.length, entries };
}

function modelText(model: Challenge["model"]): string {
  switch (model.kind) {
    case "polynomial":
      return `polynomial of degree ${model.degree}`;
    case "mlp":
      return `MLP ${model.hidden.join("-")} (${model.activation})`;
    default:
      return model.kind;
  }
}

function ChallengeSummary({ results }: { results: SessionResults }) {
  const { challenge, optimumLoss } = results.session;
  // A share link before the reveal carries the training rows, under the title of the set they come from.
  const dataset =
    "rows" in challenge.dataset && challenge.dataset.rows ? challenge.dataset.rows.title : challenge.dataset.name;
  const rows: [string, string][] = [
    ["Dataset", dataset],
    ["Model", modelText(challenge.model)],
    ["Optimizers", challenge.optimizers.map((name) => OPTIMIZER_LABELS[name]).join(", ")],
    ["Learning rates", `${formatLr(challenge.lrMin)} to ${formatLr(challenge.lrMax)}`],
    ["Epochs per run", String(challenge.epochs)],
    ["Batch sizes", challenge.batchSizes.map(formatBatch).join(", ")],
    ["Attempts", String(challenge.attempts)],
    ["Time limit", formatDuration(challenge.timeLimitSeconds * 1000)],
    [
      "Scored on",
      challenge.scoring !== "test"
        ? "training loss"
        : results.session.revealed
          ? "hidden test split"
          : "hidden test split (its losses appear once the host reveals the final ranking)",
    ],
  ];
  if (optimumLoss !== null) rows.push(["Best possible training loss", formatLoss(optimumLoss)]);
  return (
    <dl className="summary">
      {rows.map(([term, value]) => (
        <div key={term} className="summary__item">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One button per round of a session of several rounds; the one shown is pressed. */
function RoundPicker({ shown, rounds, onPick }: { shown: number; rounds: number; onPick: (round: number) => void }) {
  return (
    <nav aria-label="Rounds" className="results__rounds" data-testid="round-picker">
      {Array.from({ length: rounds }, (_, index) => index + 1).map((round) => (
        <button
          key={round}
          type="button"
          className={`btn ${round === shown ? "btn--primary" : "btn--secondary"}`}
          aria-pressed={round === shown}
          onClick={() => onPick(round)}
        >
          Round {round}
        </button>
      ))}
    </nav>
  );
}

export function ResultsView({ sessionId, share }: { sessionId: string; share: string | null }) {
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [access, setAccess] = useState<Access>({ key: null, share });
  /** The round shown; undefined for the session's current one. */
  const [round, setRound] = useState<number | undefined>(undefined);

  useEffect(() => {
    // A share link always opens the read-only view, even in the instructor's own browser.
    const next: Access = share ? { key: null, share } : { key: storage.instructorKey(), share: null };
    setAccess(next);
    if (!next.key && !next.share) {
      setLoad({ kind: "no-access" });
      return;
    }
    let live = true;
    void getJson<SessionResults>(`/api/sessions/${sessionId}`, next, round).then((result) => {
      if (live) setLoad({ kind: "done", ...result });
    });
    return () => {
      live = false;
    };
  }, [sessionId, share, round]);

  if (load.kind === "loading") {
    return (
      <>
        <h1>Session results</h1>
        <StatusMessage>Loading the results…</StatusMessage>
      </>
    );
  }
  if (load.kind === "no-access") {
    return (
      <>
        <h1>Session results</h1>
        <StatusMessage tone="error" testId="results-no-access">
          This browser has no instructor key, and the link has no share token. Open the results in the browser that
          created the session, or ask its instructor for the read-only link.
        </StatusMessage>
      </>
    );
  }
  if (!load.ok) {
    return (
      <>
        <h1>Session results</h1>
        <StatusMessage tone="error">Could not load the results: {load.message}</StatusMessage>
      </>
    );
  }

  const results = load.data;
  const { session } = results;
  // Test figures arrive only once the host has revealed them.
  const showTest = results.runs.some(
    (run) => run.testLoss !== null || run.testAccuracy !== null || run.testLosses !== null,
  );
  return (
    <div className="results">
      <header className="results__header">
        <h1>{session.title}</h1>
        {session.rounds > 1 ? <RoundPicker shown={session.round} rounds={session.rounds} onPick={setRound} /> : null}
        <p className="results__meta">
          <span className={`pill pill--session-${session.status}`}>{session.status}</span>
          <span>code {session.code}</span>
          <span>{new Date(session.createdAt).toLocaleString()}</span>
          <span>
            {results.students.length} students · {results.runs.length} runs
          </span>
          {access.share ? <span className="pill pill--muted">read-only</span> : null}
          {!access.share && session.status !== "ended" ? (
            <Link href={`/host/${session.code}`}>Open the live dashboard</Link>
          ) : null}
        </p>
      </header>

      <Panel title="The challenge" id="challenge">
        <ChallengeSummary results={results} />
      </Panel>

      <div className="results__boards">
        <Panel title="Final ranking: training loss" id="board-train">
          <Leaderboard view={board("train", results.leaderboards.train)} podium />
        </Panel>
        {results.leaderboards.test ? (
          <Panel title="Final ranking: hidden test split" id="board-test">
            <Leaderboard view={board("test", results.leaderboards.test)} podium />
          </Panel>
        ) : null}
      </div>

      {showTest ? (
        <Panel title="Training and test, side by side" id="train-test">
          <TrainTestTable results={results} />
          <TrainTestCurves results={results} />
        </Panel>
      ) : null}

      <Panel title="The session over time" id="timeline">
        <Timeline results={results} />
      </Panel>

      <Panel title="Every run, epoch by epoch" id="replay">
        <ReplayChart results={results} />
      </Panel>

      <Panel title="Learning rate vs final loss" id="scatter">
        <LrScatter points={results.scatter} />
      </Panel>

      <Panel title="Predictions against results" id="predictions">
        <PredictionsTable runs={results.runs} />
      </Panel>

      <Panel title={`All runs (${results.runs.length})`} id="runs">
        <RunsTable runs={results.runs} showTest={showTest} />
      </Panel>

      <Panel title="Downloads" id="downloads">
        <Downloads
          sessionId={session.id}
          code={session.code}
          access={access}
          round={session.rounds > 1 ? session.round : undefined}
        />
      </Panel>

      {session.shareToken && !access.share ? (
        <Panel title="Share" id="share">
          <ShareBox sessionId={session.id} shareToken={session.shareToken} />
        </Panel>
      ) : null}

      {access.key && !access.share && session.status === "ended" ? (
        <Panel title="Delete" id="delete">
          <DeleteBox sessionId={session.id} access={access} />
        </Panel>
      ) : null}
    </div>
  );
}
