// The class grouped by what the server's diagnosis read in each student's latest finished run: how many diverged,
// oscillate, crawl, jitter, are stuck or got there. The counts are the server's (RosterView.diagnoses).
import type { DiagnosisVerdict, RosterView } from "@downhill/core";

/** In the order a teacher acts on them: the runs that went wrong first, the ones that got there last. */
const GROUPS: readonly { verdict: DiagnosisVerdict; label: string; hint: string }[] = [
  { verdict: "diverged", label: "Diverged", hint: "the loss exploded: learning rate too high" },
  { verdict: "stuck", label: "Stuck", hint: "a network started from zeros cannot break symmetry" },
  { verdict: "oscillating", label: "Oscillating", hint: "bouncing across the valley: near the edge of stability" },
  { verdict: "noisy", label: "Noisy", hint: "mini-batch noise dominates near the end" },
  { verdict: "too-slow", label: "Crawling", hint: "barely moved within the budget: learning rate too low" },
  { verdict: "converged", label: "Converged", hint: "reached the bottom of the valley" },
];

export function DiagnosisGroups({ diagnoses }: { diagnoses: RosterView["diagnoses"] | undefined }) {
  return (
    <div data-testid="diagnosis-groups">
      <p className="diagnosis-groups__intro">Each student&apos;s latest finished run, as the server read it.</p>
      <ul className="diagnosis-groups">
        {GROUPS.map(({ verdict, label, hint }) => {
          const count = diagnoses?.[verdict] ?? 0;
          return (
            <li
              key={verdict}
              className={`diagnosis-groups__item diagnosis-groups__item--${verdict} ${count === 0 ? "is-empty" : ""}`}
              data-testid={`diagnosis-group-${verdict}`}
            >
              <span className="diagnosis-groups__count" data-testid={`diagnosis-count-${verdict}`}>
                {count}
              </span>
              <span className="diagnosis-groups__text">
                <strong>{label}</strong>
                {/* An empty group stays one line, so the groups that hold students stand out. */}
                {count > 0 ? <span className="diagnosis-groups__hint">{hint}</span> : null}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
