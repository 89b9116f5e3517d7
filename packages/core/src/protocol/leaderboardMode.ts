// What students are sent of the class's ranking under each leaderboard mode (see `leaderboardModeSchema`). The
// server applies these to every view before a student's socket receives it; the projector's presentation view
// applies them too, since the whole room reads it.
import type { LeaderboardMode } from "./challenge.ts";
import type { ChartView, LeaderboardView, StudentRankView } from "./views.ts";

/**
 * The share of the class, in whole percent, at or above rank `rank` of `total`: rank 1 of 30 is the top 4%, rank
 * 15 of 30 the top 50%, the last the top 100%. Rounded up, so no one is told a better share than theirs.
 */
export function topPercent(rank: number, total: number): number {
  return Math.ceil((100 * rank) / total);
}

/** The board as students see it: every entry shown (`full`), the best `size` (`top`), or none (`percentile`). */
export function leaderboardForStudents(view: LeaderboardView, mode: LeaderboardMode): LeaderboardView {
  switch (mode.mode) {
    case "full":
      return view;
    case "top":
      return { ...view, entries: view.entries.slice(0, mode.size) };
    case "percentile":
      return { ...view, entries: [] };
  }
}

/**
 * The class chart as students see it. `full`: as it is. `top`: only the curves of the students on the board
 * students see (`shown`, from `leaderboardForStudents`), the diverged runs of those students, and the class's
 * percentile bands. `percentile`: no one's curve and no bands (with a class of one or two, a band is someone's
 * loss), only how many runs use each optimizer. Students never receive the scatter.
 */
export function chartForStudents(chart: ChartView, mode: LeaderboardMode, shown: LeaderboardView): ChartView {
  if (mode.mode === "full") return { ...chart, scatter: [] };
  if (mode.mode === "percentile") {
    return {
      runs: [],
      diverged: [],
      bands: { epochs: [], p10: [], p50: [], p90: [] },
      scatter: [],
      optimizerMix: chart.optimizerMix,
    };
  }
  const onBoard = new Set(shown.entries.map((entry) => entry.studentId));
  return {
    ...chart,
    runs: chart.runs.filter((run) => onBoard.has(run.studentId)),
    diverged: chart.diverged.filter((run) => onBoard.has(run.studentId)),
    scatter: [],
  };
}

/**
 * One student's own standing: rank, class size and best loss, and in `percentile` mode the share of the class at
 * or above them (`topPercent`) in place of the rank. `own` is undefined until the student has a ranked run.
 */
export function studentRank(
  own: { readonly rank: number; readonly loss: number } | undefined,
  total: number,
  mode: LeaderboardMode,
): StudentRankView {
  if (own === undefined) return { rank: null, total, loss: null, topPercent: null };
  const share = topPercent(own.rank, total);
  if (mode.mode === "percentile") return { rank: null, total, loss: own.loss, topPercent: share };
  return { rank: own.rank, total, loss: own.loss, topPercent: share };
}
