// The sentence a student reads about their own place in the class, in the words of the challenge's leaderboard mode.
import type { LeaderboardMode, StudentRankView } from "@downhill/core";
import { formatLoss } from "../components/class/format.ts";

/** "You are ranked 3 of 12, ..." or, in percentile mode, "Your best run is in the top 25% ..."; unranked says so. */
export function standingSentence(rank: StudentRankView | null, mode: LeaderboardMode): string {
  if (rank === null || rank.loss === null) return "Not ranked yet: a verified run puts you on the board.";
  const best = `best loss ${formatLoss(rank.loss)}`;
  if (mode.mode === "percentile" || rank.rank === null) {
    return `Your best run is in the top ${rank.topPercent ?? 100}% of the class (${best}).`;
  }
  return `You are ranked ${rank.rank} of ${rank.total}, ${best}.`;
}
