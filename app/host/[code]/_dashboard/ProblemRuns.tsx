// The runs that went wrong and why: diverged runs are the lesson about step size, rejected ones about honesty.
import type { ProblemRun } from "@downhill/core";
import { formatLr } from "../../../components/class/format.ts";
import { OPTIMIZER_LABELS } from "../../../components/class/palette.ts";

/** The newest runs listed; a class of a thousand can diverge thousands of times. */
const SHOWN = 50;

export function ProblemRuns({ problems }: { problems: readonly ProblemRun[] }) {
  if (problems.length === 0) return <p className="empty">No diverged or rejected runs.</p>;
  const hidden = problems.length - SHOWN;
  return (
    <>
      <ul className="problems" data-testid="problem-runs">
        {problems.slice(0, SHOWN).map((run) => (
          <li key={run.runId} className={`problems__item problems__item--${run.status}`}>
            <span className={`pill pill--${run.status}`}>{run.status}</span> <strong>{run.name}</strong>{" "}
            <span className="problems__config">
              {OPTIMIZER_LABELS[run.optimizer]}, lr {formatLr(run.lr)}
              {run.divergedAt !== null ? `, diverged at epoch ${run.divergedAt}` : ""}
            </span>
            <span className="problems__reason">{run.reason}</span>
          </li>
        ))}
      </ul>
      {hidden > 0 ? <p className="empty">and {hidden} older ones.</p> : null}
    </>
  );
}
