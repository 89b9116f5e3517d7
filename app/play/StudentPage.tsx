"use client";
// The student's page: join, read the rules, pick a learning rate, optimizer and batch size, run gradient descent
// in a Web Worker, and watch the loss fall (or explode) next to the rest of the class.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  createProblem,
  type Problem,
  referenceCurvesFor,
  type RunPrediction,
  type SessionStatus,
  type StudentJoined,
  type StudentProblemSpec,
  type StudentStateView,
} from "@downhill/core";
import { ClassLossChart } from "../components/class/ClassLossChart.tsx";
import { Leaderboard } from "../components/class/Leaderboard.tsx";
import { showsPodium } from "../components/class/podium.ts";
import { standingSentence } from "./standing.ts";
import { ChallengeRules } from "../components/descent/ChallengeRules.tsx";
import { canPlotData, DataPlot } from "../components/descent/DataPlot.tsx";
import { hasLossSurface, LossSurfacePlot } from "../components/descent/LossSurfacePlot.tsx";
import { OwnLossChart } from "../components/descent/OwnLossChart.tsx";
import { PredictionField } from "../components/descent/PredictionField.tsx";
import { RunControls } from "../components/descent/RunControls.tsx";
import { StepArithmetic } from "../components/descent/StepArithmetic.tsx";
import { RunReport } from "../components/descent/RunReport.tsx";
import { JoinForm } from "./JoinForm.tsx";
import { attemptOfServerRun, earlierAttempts, withAttempt, type AttemptCurve } from "./attempts.ts";
import { chartCurve } from "./curves.ts";
import { gapToOptimum, shownLoss } from "./lossGap.ts";
import { DEFAULT_SPEED, type Speed } from "./pacing.ts";
import { readCheckpoint, RunController, viewOfServerRun, type RunView } from "./RunController.ts";
import { checkRunForm, initialRunForm, runFormFromConfig, type RunForm } from "./runForm.ts";
import { newRunId } from "./runId.ts";
import { useStudentSession } from "./useStudentSession.ts";
import { call } from "../lib/socket.ts";
import { storage } from "../lib/storage.ts";

const SESSION_TEXT: Record<SessionStatus, string> = {
  lobby: "Waiting for the instructor to start the round.",
  running: "The round is on: run when you are ready.",
  paused: "Paused by the instructor: your run waits, and new runs wait too.",
  ended: "The round has ended. Thanks for descending!",
};

/** Phases in which a run still needs the worker or the server. */
const ACTIVE_PHASES: ReadonlySet<RunView["phase"]> = new Set(["starting", "running", "paused", "verifying"]);

/** Points of the student's own curve laid over the class chart. */
const OVERLAY_POINTS = 200;

/** The problem built from the training rows the server sent: the same numbers it replays runs on. */
function specOf({ dataset, model }: StudentStateView["challenge"]): StudentProblemSpec {
  return { dataset, model };
}

export function StudentPage({ code, initialName }: { code: string; initialName: string | null }) {
  const [run, setRun] = useState<RunView | null>(null);
  const [starting, setStarting] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [formState, setForm] = useState<RunForm | null>(null);
  const [speed, setSpeed] = useState<Speed>(DEFAULT_SPEED);
  // What the student predicts of their next run, sent with run:start.
  const [prediction, setPrediction] = useState<RunPrediction | null>(null);
  // This session's attempts as the server holds them, and the number of the one on screen.
  const [attempts, setAttempts] = useState<AttemptCurve[]>([]);
  const [attempt, setAttempt] = useState<number | null>(null);
  // The nickname last typed, so a refused join's form ("Try again") still holds it.
  const [typedName, setTypedName] = useState(initialName ?? "");
  const router = useRouter();
  const speedRef = useRef<Speed>(DEFAULT_SPEED);
  const controllerRef = useRef<RunController | null>(null);
  const holdRef = useRef(false);
  /** The round the page shows: when a join brings another, the last round's run leaves the screen. */
  const roundRef = useRef<number | null>(null);
  const joinRef = useRef<() => void>(() => undefined);

  const onJoined = useCallback(
    (joined: StudentJoined) => {
      holdRef.current = joined.state.status === "paused";
      const newRound = roundRef.current !== null && roundRef.current !== joined.state.round;
      roundRef.current = joined.state.round;
      if (newRound) {
        // Another round, under another challenge: the last round's run, its number and its settings go.
        controllerRef.current?.dispose();
        controllerRef.current = null;
        storage.setRunCheckpoint(code, null);
        setRun(null);
        setAttempt(null);
        setForm(null);
      }
      setAttempts(joined.runs.map(attemptOfServerRun));
      const controller = controllerRef.current;
      if (controller?.active) {
        controller.onRejoined(joined.runs);
        return;
      }
      const checkpoint = readCheckpoint(code);
      const unfinished = checkpoint ? joined.runs.find((candidate) => candidate.runId === checkpoint.runId) : undefined;
      if (checkpoint && unfinished?.status === "running" && joined.state.status !== "ended") {
        // A reload in the middle of a run: continue it from the last checkpoint.
        const resumed = RunController.resume(
          {
            code,
            spec: specOf(joined.state.challenge),
            runId: unfinished.runId,
            config: unfinished.config,
            prediction: unfinished.prediction,
            speed: speedRef.current,
            requestRejoin: () => joinRef.current(),
            onChange: setRun,
          },
          unfinished,
          checkpoint,
          holdRef.current,
        );
        controllerRef.current = resumed;
        setRun(resumed.current);
        setAttempt(unfinished.attempt);
        setForm(runFormFromConfig(unfinished.config));
        speedRef.current = resumed.speed;
        setSpeed(resumed.speed);
        return;
      }
      if (checkpoint) storage.setRunCheckpoint(code, null);
      // Otherwise show the latest run the server holds, so a reload keeps the last verdict on screen.
      const latest = joined.runs[joined.runs.length - 1];
      setRun((shown) => shown ?? (latest ? viewOfServerRun(latest) : null));
      // A shown run keeps its number; else the latest run's.
      setAttempt((shown) => shown ?? latest?.attempt ?? null);
      if (latest) setForm((form) => form ?? runFormFromConfig(latest.config));
    },
    [code],
  );

  const { session, join, setAttemptsLeft } = useStudentSession(code, initialName, {
    onJoined,
    onDisconnect: () => controllerRef.current?.onDisconnect(),
    onKicked: () => {
      controllerRef.current?.stop("You were removed from the session.");
      controllerRef.current = null;
    },
  });
  useEffect(() => {
    joinRef.current = () => void join();
  }, [join]);

  const state = session.state;
  const status = state?.status ?? null;
  const challenge = state?.challenge ?? null;

  // The problem is built once per joined session (the challenge never changes within one).
  const problem = useMemo<Problem | null>(() => {
    if (!challenge) return null;
    try {
      return createProblem(specOf(challenge));
    } catch {
      return null;
    }
    // Broadcasts leave the challenge out, so its object stays the same for the whole session.
  }, [challenge]);

  // Follow the host: a paused session holds the worker, an ended one stops it.
  useEffect(() => {
    holdRef.current = status === "paused";
    const controller = controllerRef.current;
    if (!controller?.active) return;
    if (status === "ended") controller.stop("The session ended before this run finished.");
    else controller.setSessionHold(status === "paused");
  }, [status]);

  useEffect(() => () => controllerRef.current?.dispose(), []);

  const form = formState ?? (challenge ? initialRunForm(challenge) : null);
  const checked = form && challenge ? checkRunForm(form, challenge) : null;
  const active = run !== null && ACTIVE_PHASES.has(run.phase);
  const joined = session.phase === "joined";
  const attemptsLeft = session.attemptsLeft ?? 0;
  const canStart = joined && session.connected && status === "running" && !active && !starting && attemptsLeft > 0;

  /** The run leaving the screen joins the earlier attempts, with its losses if the server verified them. */
  const keepAttempt = () => {
    const verdict = run?.verdict;
    if (!run || !verdict || attempt === null) return;
    const checkedCurve = verdict.status === "verified" || verdict.status === "diverged";
    setAttempts((list) =>
      withAttempt(list, { runId: run.runId, attempt, status: verdict.status, losses: checkedCurve ? run.losses : [] }),
    );
  };

  const start = async (paused: boolean) => {
    if (!checked || !state) return;
    // The problem is already shown beside its field.
    if (!checked.ok) return;
    setActionError(null);
    setStarting(true);
    controllerRef.current?.dispose();
    const result = await RunController.start(
      {
        code,
        spec: specOf(state.challenge),
        runId: newRunId(),
        config: checked.config,
        prediction,
        speed: speedRef.current,
        requestRejoin: () => joinRef.current(),
        onChange: setRun,
      },
      paused,
      holdRef.current,
    );
    setStarting(false);
    if (!result.controller) {
      setActionError(`The server did not start the run: ${result.reason}`);
      return;
    }
    controllerRef.current = result.controller;
    // The student may have moved the speed while the server was starting the run.
    result.controller.setSpeed(speedRef.current);
    setAttemptsLeft(result.attemptsLeft);
    keepAttempt();
    // The server numbers attempts 1, 2, ...: this one is the last of those used.
    setAttempt(state.challenge.attempts - result.attemptsLeft);
    setRun(result.controller.current);
    if (paused) result.controller.step();
  };

  const reset = () => {
    const controller = controllerRef.current;
    if (controller?.active) controller.stop("Run abandoned.");
    // Tell the server, so the roster and the results do not show the run as still descending. Best effort: a run
    // it does not hear about is closed as unfinished when the round ends.
    if (run && (ACTIVE_PHASES.has(run.phase) || run.phase === "stopped")) void call("run:cancel", { runId: run.runId });
    controllerRef.current = null;
    keepAttempt();
    setAttempt(null);
    setRun(null);
    setActionError(null);
  };

  const togglePause = () => {
    const controller = controllerRef.current;
    if (!controller?.active) return;
    if (controller.current.userPaused) controller.resume();
    else controller.pause();
  };

  const changeSpeed = (next: Speed) => {
    speedRef.current = next;
    setSpeed(next);
    controllerRef.current?.setSpeed(next);
  };

  const step = () => {
    const controller = controllerRef.current;
    if (controller?.active) controller.step();
    else void start(true);
  };

  const verdict = run?.verdict ?? null;
  const reportedLoss = shownLoss(verdict?.trainLoss, run?.losses);
  const divergedAt = run ? (run.divergedAt ?? verdict?.divergedAt ?? null) : null;
  const optimumLoss = state?.optimumLoss ?? null;
  const gap = gapToOptimum(reportedLoss?.loss ?? null, optimumLoss);
  const ownCurve = useMemo(() => (run ? chartCurve(run.losses, OVERLAY_POINTS) : undefined), [run]);
  const runPaused = run?.phase === "paused";
  const shownAttempts = useMemo(() => earlierAttempts(attempts, run?.runId ?? null), [attempts, run?.runId]);

  if (session.phase === "kicked") {
    return (
      <main className="page descent-page">
        <h1>Downhill</h1>
        <p className="descent-callout descent-callout--bad" role="alert" data-testid="kicked-message">
          {session.kickedMessage} Your runs so far stay in the session's records; ask the instructor if you think this
          was a mistake.
        </p>
      </main>
    );
  }

  // A code with no session behind it: the form asks for the code again, not only for a nickname.
  const wrongCode = session.phase === "refused" && session.error?.code === "not_found";

  return (
    <main className="page descent-page">
      <header className="descent-header">
        <h1>
          Downhill <span className="descent-header__code">· {code}</span>
        </h1>
        {session.me ? <p className="descent-header__me">Playing as {session.me.name}</p> : null}
      </header>

      <div aria-live="polite" className="descent-live">
        {state ? (
          <p className={`descent-session descent-session--${state.status}`} data-testid="session-status">
            <span className="descent-session__status">{state.status}</span> {SESSION_TEXT[state.status]}
          </p>
        ) : null}
        {!session.connected && session.phase !== "need-name" ? (
          <p className="descent-callout descent-callout--warn">Connection lost: reconnecting…</p>
        ) : null}
        {session.error ? (
          <p className="descent-callout descent-callout--bad" role="alert" data-testid="join-error">
            {session.error.message}
          </p>
        ) : null}
      </div>

      {session.phase === "need-name" || session.phase === "refused" ? (
        <JoinForm
          // A new form when it starts asking for the code, so it shows the code to correct.
          key={wrongCode ? "code" : "name"}
          fixedCode={wrongCode ? undefined : code}
          initialCode={code}
          initialName={typedName}
          onJoin={({ code: nextCode, name }) => {
            setTypedName(name);
            if (nextCode === code) void join(name);
            else router.push(`/play/${encodeURIComponent(nextCode)}?name=${encodeURIComponent(name)}`);
          }}
          submitLabel={session.phase === "refused" ? "Try again" : "Join"}
        />
      ) : null}
      {session.phase === "joining" && !state ? <p aria-live="polite">Joining session {code}…</p> : null}

      {state && joined ? (
        <div className="descent-grid">
          <div className="descent-column">
            <ChallengeRules state={state} attemptsLeft={session.attemptsLeft} />
            {challenge && form ? (
              <section className="descent-card" aria-labelledby="controls-heading">
                <h2 id="controls-heading">Your settings</h2>
                <RunControls
                  challenge={challenge}
                  form={form}
                  onChange={(next) => {
                    setForm(next);
                    setActionError(null);
                  }}
                  problem={checked && !checked.ok ? { field: checked.field, reason: checked.reason } : null}
                  buttons={{
                    canRun: canStart,
                    canPause: active && (run?.phase === "running" || run?.phase === "paused") && status === "running",
                    paused: run?.userPaused === true,
                    canStep: status === "running" && ((active && runPaused) || canStart),
                    canReset: run !== null && !starting,
                    locked: active || starting,
                  }}
                  onRun={() => void start(false)}
                  onPause={togglePause}
                  onStep={step}
                  onReset={reset}
                  speed={speed}
                  onSpeedChange={changeSpeed}
                />
                <PredictionField prediction={prediction} onChange={setPrediction} locked={active || starting} />
                {actionError ? (
                  <p className="descent-problem" role="alert" data-testid="action-error">
                    {actionError}
                  </p>
                ) : null}
                {status === "running" && !active && attemptsLeft === 0 ? (
                  <p className="descent-hint">You have used every attempt. Watch the class chart for the finish.</p>
                ) : null}
              </section>
            ) : null}
            {run?.lastStep && run.epoch === run.lastStep.epoch + 1 ? (
              <StepArithmetic explanation={run.lastStep} after={run.params} />
            ) : null}
            <RunReport run={run} loss={reportedLoss} gap={gap} optimumLoss={optimumLoss} />
          </div>

          <div className="descent-column">
            <section className="descent-card" aria-labelledby="pictures-heading">
              <h2 id="pictures-heading">Your descent</h2>
              <OwnLossChart
                losses={run?.losses ?? []}
                epochs={run?.config.epochs ?? state.challenge.epochs}
                optimumLoss={optimumLoss}
                divergedAt={divergedAt}
                references={referenceCurvesFor(session.references, state)}
                attempts={shownAttempts}
                attempt={run ? attempt : null}
              />
              {problem && canPlotData(problem) ? <DataPlot problem={problem} params={run?.params ?? null} /> : null}
              {problem && hasLossSurface(problem) ? (
                <LossSurfacePlot problem={problem} trail={run?.trail ?? []} />
              ) : null}
            </section>

            <section className="descent-card" aria-labelledby="class-heading">
              <h2 id="class-heading">The class</h2>
              <p className="descent-rank" data-testid="my-rank" aria-live="polite">
                {standingSentence(session.rank, state.challenge.leaderboard)}
              </p>
              {state.challenge.leaderboard.mode === "percentile" ? null : (
                <Leaderboard
                  view={session.leaderboard}
                  highlightStudentId={session.me?.studentId}
                  podium={showsPodium(state)}
                />
              )}
              <ClassLossChart
                chart={session.chart}
                highlightStudentId={session.me?.studentId}
                ownCurve={ownCurve}
                height={260}
              />
            </section>
          </div>
        </div>
      ) : null}
    </main>
  );
}
