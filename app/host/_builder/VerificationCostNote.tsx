// What verifying a whole class of this challenge will cost the server, from the engine's own estimate
// (verificationCost in core), so the instructor sees a challenge the server would refuse before sending it.
import { VERIFY_BUDGET, type VerificationCost } from "@downhill/core";
import { StatusMessage } from "../../components/ui/StatusMessage.tsx";

function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  return `${Math.round(seconds / 60)} min`;
}

export function VerificationCostNote({ cost }: { cost: VerificationCost | null }) {
  if (!cost) return null;
  const figures =
    `about ${formatSeconds(cost.perRunSeconds)} per run, ${formatSeconds(cost.classSeconds)} for a class of ` +
    `${VERIFY_BUDGET.classSize} using every attempt (${cost.runs} runs)`;
  return (
    <StatusMessage tone={cost.withinBudget ? "info" : "error"} testId="verification-cost">
      {cost.withinBudget
        ? `The server replays every run to verify it: ${figures}. Budget: ${VERIFY_BUDGET.perRunSeconds} s per run, ` +
          `${VERIFY_BUDGET.classSeconds / 60} min per class.`
        : `Too costly to verify: ${cost.advice}.`}
    </StatusMessage>
  );
}
