"use client";
// Once a round has ended: another round with the same class, under a challenge set here with the session builder's
// own form. The join code, the students and their devices stay; the server checks the challenge as it checks a new
// session's (`newRound`, docs/protocol.md §5).
import type { HostCommand } from "@downhill/core";
import { ChallengeBuilder, type NextRound as NextRoundTarget } from "../../_builder/ChallengeBuilder.tsx";
import { Panel } from "../../../components/ui/Panel.tsx";

export function NextRound({
  round,
  send,
}: {
  /** The round that has ended. */
  readonly round: number;
  readonly send: (command: HostCommand) => Promise<string | null>;
}) {
  const target: NextRoundTarget = {
    round: round + 1,
    send: async (challenge) => {
      const refused = await send({ type: "newRound", challenge });
      return refused === null ? { ok: true } : { ok: false, message: refused, fields: [] };
    },
  };
  return (
    <Panel title="Another round" id="next-round">
      <p className="field__hint">
        Round {round} is kept in the results. Round {round + 1} opens in the lobby with the same join code and the same
        students (kicked students stay out); everyone starts again with all their attempts. Start it when the class is
        ready.
      </p>
      <details>
        <summary data-testid="next-round-toggle">Set the challenge of round {round + 1}</summary>
        <ChallengeBuilder nextRound={target} />
      </details>
    </Panel>
  );
}
