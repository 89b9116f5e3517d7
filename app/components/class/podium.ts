// When the top three stand on a podium: once the ranking is final. A training-scored round is final when it ends;
// a test-scored one only at the reveal, since until then the board ranks training loss, which is not the score.
import type { ScoringSplit, SessionStateUpdate } from "@downhill/core";

/** Whether the leaderboard of a session in `state` shows its podium (host dashboard and student page alike). */
export function showsPodium(
  state: Pick<SessionStateUpdate, "status" | "revealed"> & { readonly challenge: { readonly scoring: ScoringSplit } },
): boolean {
  if (state.status !== "ended") return false;
  return state.challenge.scoring === "train" || state.revealed;
}
