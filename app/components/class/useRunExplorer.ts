"use client";
// Which student's line the class chart names: the one under the pointer, or the one the arrow keys reached while
// the plot has the focus. One tab stop for the whole chart; the arrows walk the lines in rank order.
import { useState, type FocusEvent, type KeyboardEvent, type PointerEvent } from "react";
import type { ChartExplorer } from "./ChartFrame.tsx";
import type { NamedRun } from "./namedRuns.ts";

type Active = { readonly runId: string; readonly by: "pointer" | "keyboard" } | null;

export function useRunExplorer(runs: readonly NamedRun[]): {
  activeRunId: string | null;
  explorer: ChartExplorer | null;
} {
  const [active, setActive] = useState<Active>(null);
  // A line can leave the chart between broadcasts; then nothing is named.
  const index = active ? runs.findIndex((run) => run.runId === active.runId) : -1;
  const current = index >= 0 ? runs[index]! : null;

  const select = (at: number) => {
    const run = runs[(at + runs.length) % runs.length];
    if (run) setActive({ runId: run.runId, by: "keyboard" });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, () => void> = {
      ArrowRight: () => select(index + 1),
      ArrowDown: () => select(index + 1),
      ArrowLeft: () => select(index < 0 ? -1 : index - 1),
      ArrowUp: () => select(index < 0 ? -1 : index - 1),
      Home: () => select(0),
      End: () => select(runs.length - 1),
      Escape: () => setActive(null),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  };

  // Leaving a line forgets it only when the pointer named it, not when the keyboard did.
  const hover = (runId: string | null) =>
    setActive((now) => (runId !== null ? { runId, by: "pointer" } : now?.by === "pointer" ? null : now));

  return {
    activeRunId: current?.runId ?? null,
    explorer:
      runs.length === 0
        ? null
        : {
            label: `The lines of ${runs.length} ${runs.length === 1 ? "student" : "students"}: arrow keys name each one`,
            announcement: current && active?.by === "keyboard" ? current.long : "",
            onKeyDown,
            // Focused, the plot names the line under the pointer, or else the best run, at once.
            onFocus: () => select(index < 0 ? 0 : index),
            onBlur: (event: FocusEvent<HTMLDivElement>) => {
              if (!event.currentTarget.contains(event.relatedTarget)) setActive(null);
            },
            // The line under the pointer is the one whose invisible wide stroke it is over (RunNamesLayer).
            onPointerMove: (event: PointerEvent<HTMLDivElement>) => {
              const over = event.target instanceof Element ? event.target.getAttribute("data-run-id") : null;
              if (over !== (active?.by === "pointer" ? active.runId : null)) hover(over);
            },
            onPointerLeave: () => hover(null),
          },
  };
}
