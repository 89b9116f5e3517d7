"use client";
// The session replayed in wall-clock time: a scrubber over its span with play and pause and a jump to the previous
// or next happening, the moment in plain words, the board as it stood then, the runs descending then with the epochs
// the server had stored of each by then, and what had happened up to then. The board and the happenings come from @downhill/core (standingsAt, sessionTimeline).
import { useEffect, useId, useMemo, useState } from "react";
import { sessionSpan, sessionTimeline, standingsAt, type StandingsAtMoment } from "@downhill/core";
import { formatBatch, formatLoss, formatLr } from "../../components/class/format.ts";
import { OPTIMIZER_LABELS } from "../../components/class/palette.ts";
import { Button } from "../../components/ui/Button.tsx";
import type { SessionResults } from "./api.ts";
import { happeningText } from "./happeningText.ts";
import { clockTime, momentWords } from "./timeWords.ts";

const TICK_MS = 100;
/** Play goes through the whole session in this long, whatever its length. */
const PLAY_MS = 20_000;
/** The happenings list shows the newest this many, so a long session keeps a small page. */
const HAPPENINGS_SHOWN = 100;

/** The slider counts whole clock seconds, so it shows the same second as the moment's clock time. */
const secondOf = (time: number) => Math.floor(time / 1000);

export function Timeline({ results }: { results: SessionResults }) {
  const id = useId();
  const span = useMemo(() => sessionSpan(results), [results]);
  const happenings = useMemo(() => sessionTimeline(results), [results]);
  const [at, setAt] = useState(span.to);
  const [playing, setPlaying] = useState(false);
  const { from, to } = span;
  const round = results.session;

  useEffect(() => {
    if (!playing) return undefined;
    const step = Math.max(1, ((to - from) * TICK_MS) / PLAY_MS);
    const timer = window.setInterval(() => {
      setAt((current) => {
        const next = Math.min(to, current + step);
        if (next >= to) setPlaying(false);
        return next;
      });
    }, TICK_MS);
    return () => window.clearInterval(timer);
  }, [playing, from, to]);

  const board = useMemo(() => standingsAt(results, at), [results, at]);
  const past = useMemo(() => happenings.filter((happening) => happening.at <= at), [happenings, at]);
  const previous = [...past].reverse().find((happening) => secondOf(happening.at) < secondOf(at));
  const next = happenings.find((happening) => secondOf(happening.at) > secondOf(at));
  const moment = momentWords(at, round);
  const latest = past.at(-1);

  // A moment is a whole second of the clock, as shown: what happened within it has happened.
  const endOfSecond = (time: number) => Math.min(to, secondOf(time) * 1000 + 999);
  const jump = (target: number | undefined) => {
    if (target === undefined) return;
    setPlaying(false);
    setAt(endOfSecond(target));
  };

  return (
    <div className="timeline">
      <div className="timeline__controls">
        <Button
          onClick={() => {
            // Play from the start once at the end; a pause settles on the whole second shown.
            if (playing || at >= to) setAt(endOfSecond(playing ? at : from));
            setPlaying(!playing);
          }}
          data-testid="timeline-play"
        >
          {playing ? "Pause" : "Play"}
        </Button>
        <Button
          onClick={() => jump(previous?.at)}
          aria-disabled={previous === undefined}
          aria-describedby={`${id}-moment`}
        >
          Previous event
        </Button>
        <Button onClick={() => jump(next?.at)} aria-disabled={next === undefined} aria-describedby={`${id}-moment`}>
          Next event
        </Button>
        <label htmlFor={`${id}-slider`} className="field__label">
          Moment
        </label>
        <input
          id={`${id}-slider`}
          type="range"
          min={0}
          max={secondOf(to) - secondOf(from)}
          step={1}
          value={secondOf(at) - secondOf(from)}
          aria-valuetext={moment}
          data-testid="timeline-slider"
          onChange={(e) => {
            setPlaying(false);
            setAt(endOfSecond((secondOf(from) + Number(e.target.value)) * 1000));
          }}
        />
      </div>
      <p className="timeline__moment">
        <output id={`${id}-moment`} htmlFor={`${id}-slider`} data-testid="timeline-moment">
          {moment}
        </output>
        <span className="timeline__span">
          the session ran from {clockTime(from)} to {clockTime(to)}
        </span>
      </p>
      {/* Read out when the moment settles, not on every tick of a replay. */}
      <p className="sr-only" role="status">
        {playing || !latest ? "" : `${moment}: ${happeningText(latest)}`}
      </p>

      <div className="timeline__columns">
        <section aria-labelledby={`${id}-board`} className="timeline__board">
          <h3 id={`${id}-board`} className="timeline__title">
            The board at {clockTime(at)}
          </h3>
          <StandingsTable board={board} label={`The board at ${moment}`} />
          <h4 className="timeline__subtitle">Descending then</h4>
          {board.descending.length === 0 ? (
            <p className="empty">No run was descending.</p>
          ) : (
            <ul className="timeline__descending">
              {board.descending.map((run) => (
                <li key={run.runId} data-testid="timeline-descending">
                  {run.name}, attempt {run.attempt}: {OPTIMIZER_LABELS[run.optimizer]}, lr {formatLr(run.lr)}, since{" "}
                  {clockTime(run.startedAt)}
                  {run.epochsReached === null ? null : (
                    <span data-testid="timeline-epochs"> ({reachedWords(run.epochsReached, run.epochs)})</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby={`${id}-happened`} className="timeline__happened">
          <h3 id={`${id}-happened`} className="timeline__title">
            What happened up to then ({past.length})
          </h3>
          {past.length === 0 ? (
            <p className="empty">Nothing yet.</p>
          ) : (
            // Focusable, so a keyboard can scroll the list; newest first.
            <div className="timeline__scroll" tabIndex={0} role="region" aria-label="What happened, newest first">
              <ol className="timeline__list" reversed>
                {past
                  .slice(-HAPPENINGS_SHOWN)
                  .reverse()
                  .map((happening, index) => (
                    <li key={past.length - 1 - index} data-testid="timeline-happening">
                      <time dateTime={new Date(happening.at).toISOString()} className="timeline__time">
                        {clockTime(happening.at)}
                      </time>{" "}
                      {happeningText(happening)}
                    </li>
                  ))}
              </ol>
              {past.length > HAPPENINGS_SHOWN ? (
                <p className="empty">…and {past.length - HAPPENINGS_SHOWN} earlier.</p>
              ) : null}
            </div>
          )}
        </section>
      </div>
    </div>
  );
}

/** How far a descending run had got by then: "no epoch stored yet", "12 of 30 epochs stored". */
function reachedWords(reached: number, epochs: number): string {
  return reached === 0 ? "no epoch stored yet" : `${reached} of ${epochs} epochs stored`;
}

function StandingsTable({ board, label }: { board: StandingsAtMoment; label: string }) {
  if (board.standings.length === 0) return <p className="empty">No verified run yet.</p>;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Name</th>
            <th scope="col" className="num">
              {board.split === "test" ? "Test loss" : "Loss"}
            </th>
            <th scope="col" className="num">
              Attempt
            </th>
            <th scope="col">Settings</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {board.standings.map((entry) => (
            <tr key={entry.studentId} data-testid="timeline-standing">
              <td>{entry.rank}</td>
              <th scope="row">{entry.name}</th>
              <td className="num">{formatLoss(entry.loss)}</td>
              <td className="num">{entry.attempt}</td>
              <td>
                {OPTIMIZER_LABELS[entry.optimizer]}, lr {formatLr(entry.lr)}, {formatBatch(entry.batchSize)}
              </td>
              <td>{clockTime(entry.finishedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
