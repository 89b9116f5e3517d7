"use client";
// The projector's view of a live session, read from the back of a room: in the lobby the join code and its QR code
// fill the screen and the names appear as students join; once running, the class's curves and the board, in large
// type and plain numbers, fitting 1280x720 and 1024x768 without scrolling sideways. The whole room reads it, so it
// shows what students may see under the challenge's leaderboard mode, and names follow the hide-names setting
// (the server sends them hidden).
import { useCallback, useEffect, useRef, useState } from "react";
import {
  chartForStudents,
  leaderboardForStudents,
  type ChartView,
  type LeaderboardMode,
  type LeaderboardView,
  type ReferenceCurve,
  type RosterView,
  type SessionStateView,
} from "@downhill/core";
import { ClassLossChart } from "../../../components/class/ClassLossChart.tsx";
import { Countdown } from "../../../components/class/Countdown.tsx";
import { formatPlain, formatPlainShort } from "../../../components/class/format.ts";
import { OPTIMIZER_LABELS } from "../../../components/class/palette.ts";
import { Button } from "../../../components/ui/Button.tsx";
import { useQrCode } from "./useQrCode.ts";

const STATUS_LABELS: Record<SessionStateView["status"], string> = {
  lobby: "Join now",
  running: "Running",
  paused: "Paused",
  ended: "Ended",
};

/** Room left around the chart for the header, the counts and the chart's own axes, in CSS pixels. */
const CHART_CHROME_PX = 250;
const CHART_MIN_PX = 240;

/** The window's inner height, kept current as the window or the full screen changes. */
function useViewportHeight(): number {
  const [height, setHeight] = useState(720);
  useEffect(() => {
    const measure = () => setHeight(window.innerHeight);
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, []);
  return height;
}

/** Whether the page is full screen, and a toggle for it (the Fullscreen API; Esc leaves it too). */
function useFullscreen(): { fullscreen: boolean; toggle: () => void; supported: boolean } {
  const [fullscreen, setFullscreen] = useState(false);
  const [supported, setSupported] = useState(false);
  useEffect(() => {
    setSupported(document.fullscreenEnabled);
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    onChange();
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);
  const toggle = useCallback(() => {
    const request =
      document.fullscreenElement === null ? document.documentElement.requestFullscreen() : document.exitFullscreen();
    // Refused (no user gesture, a policy): the view works as it is, only not full screen.
    request.catch(() => undefined);
  }, []);
  return { fullscreen, toggle, supported };
}

function Lobby({ state, shownUrl, roster }: { state: SessionStateView; shownUrl: string; roster: RosterView | null }) {
  const qr = useQrCode(shownUrl);
  const joined = (roster?.students ?? []).filter((student) => !student.kicked);
  return (
    <div className="presentation__lobby">
      <section className="presentation__join" aria-label="How to join">
        <p className="presentation__join-label">Join at</p>
        <p className="presentation__url" data-testid="presentation-url">
          {shownUrl}
        </p>
        <p className="presentation__join-label">with the code</p>
        <p
          className="presentation__code"
          data-testid="presentation-code"
          aria-label={`Join code ${state.code.split("").join(" ")}`}
        >
          {state.code}
        </p>
        {qr ? (
          <img
            className="presentation__qr"
            src={qr}
            alt={`QR code that opens ${shownUrl}`}
            data-testid="presentation-qr"
          />
        ) : null}
      </section>
      <section className="presentation__joined" aria-labelledby="presentation-joined-title">
        <h2 id="presentation-joined-title" className="presentation__joined-title">
          {joined.length === 1 ? "1 student joined" : `${joined.length} students joined`}
        </h2>
        {joined.length === 0 ? (
          <p className="empty">Names appear here as students join.</p>
        ) : (
          <ul className="presentation__names" aria-live="polite" data-testid="presentation-names">
            {joined.map((student) => (
              <li key={student.studentId}>{student.name}</li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function Board({ view, mode }: { view: LeaderboardView | null; mode: LeaderboardMode }) {
  if (mode.mode === "percentile") {
    return (
      <p className="presentation__board-note" data-testid="presentation-board-hidden">
        Each student sees only their own percentile{view ? `: ${view.total} ranked so far` : ""}.
      </p>
    );
  }
  const entries = view?.entries ?? [];
  if (entries.length === 0) return <p className="empty">No verified runs yet.</p>;
  return (
    <table className="presentation__board" data-testid="presentation-board">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Name</th>
          <th scope="col" className="num">
            {view?.split === "test" ? "Test loss" : "Loss"}
          </th>
          <th scope="col" className="num">
            <abbr title="learning rate">LR</abbr>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.studentId} data-testid="presentation-board-row">
            <td>{entry.rank}</td>
            <th
              scope="row"
              className="presentation__name"
              title={`${entry.name}, ${OPTIMIZER_LABELS[entry.optimizer]}`}
            >
              {entry.name}
            </th>
            <td className="num" data-testid="presentation-loss">
              {formatPlain(entry.loss)}
            </td>
            <td className="num">{formatPlainShort(entry.lr)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Race({
  state,
  leaderboard,
  chart,
  references,
}: {
  state: SessionStateView;
  leaderboard: LeaderboardView | null;
  chart: ChartView | null;
  references: readonly ReferenceCurve[];
}) {
  const mode = state.challenge.leaderboard;
  const shown = leaderboard && leaderboardForStudents(leaderboard, mode);
  const roomChart = chart && shown ? chartForStudents(chart, mode, shown) : null;
  const viewportHeight = useViewportHeight();
  const chartHeight = Math.max(CHART_MIN_PX, viewportHeight - CHART_CHROME_PX);
  const { counts } = state;
  const figures: [string, number][] = [
    ["students", counts.students],
    ["running", counts.running],
    ["verified", counts.verified],
    ["diverged", counts.diverged],
  ];
  return (
    <div className="presentation__race">
      <section className="presentation__chart" aria-labelledby="presentation-chart-title">
        <h2 id="presentation-chart-title" className="presentation__heading">
          Loss per epoch
        </h2>
        <ClassLossChart
          chart={roomChart}
          references={references}
          optimumLoss={state.optimumLoss}
          height={chartHeight}
        />
      </section>
      <section className="presentation__side" aria-labelledby="presentation-board-title">
        <dl className="presentation__counts" data-testid="presentation-counts">
          {figures.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <h2 id="presentation-board-title" className="presentation__heading">
          {mode.mode === "top" ? `Top ${mode.size}` : "Leaderboard"}
        </h2>
        <Board view={shown} mode={mode} />
        {state.optimumLoss !== null ? (
          <p className="presentation__floor">
            Best possible loss: <strong>{formatPlain(state.optimumLoss)}</strong>
          </p>
        ) : null}
      </section>
    </div>
  );
}

export function Presentation({
  state,
  shownUrl,
  leaderboard,
  chart,
  roster,
  references,
  onExit,
}: {
  state: SessionStateView;
  /** The join URL the dashboard shows (the LAN address the instructor chose, if any). */
  shownUrl: string;
  leaderboard: LeaderboardView | null;
  chart: ChartView | null;
  roster: RosterView | null;
  references: readonly ReferenceCurve[];
  onExit: () => void;
}) {
  const { fullscreen, toggle, supported } = useFullscreen();
  const lobby = state.status === "lobby";
  // The Present button that had the focus is gone: the focus starts at the view's title.
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  return (
    <main className="presentation" data-testid="presentation">
      <header className="presentation__header">
        <div className="presentation__title">
          <h1 ref={title} tabIndex={-1}>
            {state.challenge.title}
          </h1>
          <p className="presentation__status" aria-live="polite">
            <span className={`pill pill--session-${state.status}`}>{STATUS_LABELS[state.status]}</span>
            {state.anonymized ? <span className="pill pill--muted">names hidden</span> : null}
          </p>
        </div>
        {lobby ? null : (
          <p className="presentation__join-strip" data-testid="presentation-join-strip">
            {state.status === "ended" ? null : (
              <>
                Join at <strong>{shownUrl}</strong> with{" "}
                <strong className="presentation__strip-code">{state.code}</strong>
              </>
            )}
          </p>
        )}
        {lobby ? null : <Countdown state={state} className="presentation__countdown" />}
        <div className="presentation__actions">
          {supported ? (
            <Button onClick={toggle} aria-pressed={fullscreen} data-testid="presentation-fullscreen">
              {fullscreen ? "Leave full screen" : "Full screen"}
            </Button>
          ) : null}
          <Button onClick={onExit} data-testid="presentation-exit">
            Back to the dashboard
          </Button>
        </div>
      </header>
      {lobby ? (
        <Lobby state={state} shownUrl={shownUrl} roster={roster} />
      ) : (
        <Race state={state} leaderboard={leaderboard} chart={chart} references={references} />
      )}
    </main>
  );
}
