// How many runs chose each optimizer, as labelled bars.
import { OPTIMIZER_NAMES, type OptimizerName } from "@downhill/core";
import { OPTIMIZER_COLORS, OPTIMIZER_LABELS } from "./palette.ts";

export function OptimizerMix({ mix }: { mix: Readonly<Record<OptimizerName, number>> | null | undefined }) {
  const counts = OPTIMIZER_NAMES.map((name) => ({ name, count: mix?.[name] ?? 0 }));
  const most = Math.max(1, ...counts.map((c) => c.count));
  return (
    <ul className="optimizer-mix" aria-label="Runs per optimizer" data-testid="optimizer-mix">
      {counts.map(({ name, count }) => (
        <li key={name} className="optimizer-mix__row">
          <span className="optimizer-mix__name">{OPTIMIZER_LABELS[name]}</span>
          <span className="optimizer-mix__track" aria-hidden="true">
            <span
              className="optimizer-mix__bar"
              style={{ width: `${(100 * count) / most}%`, background: OPTIMIZER_COLORS[name] }}
            />
          </span>
          <span className="optimizer-mix__count">{count}</span>
        </li>
      ))}
    </ul>
  );
}
