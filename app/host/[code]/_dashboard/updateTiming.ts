"use client";
// User Timing around the dashboard's live updates: a mark when a broadcast arrives, a measure once React has
// committed the render that shows it. They appear in DevTools' Timings track, and bench/ui reads them through
// a PerformanceObserver.
import { useLayoutEffect } from "react";

export type UpdateKind = "chart" | "roster" | "leaderboard";

/** The measure's name, e.g. `downhill:chart-update`; its start mark adds `:start`. */
export function updateMeasureName(kind: UpdateKind): string {
  return `downhill:${kind}-update`;
}

/** Marks the arrival of a `kind` broadcast. */
export function markUpdateArrived(kind: UpdateKind): void {
  performance.mark(`${updateMeasureName(kind)}:start`);
}

/** Once the commit that rendered `value` has settled, measures the main-thread time since its broadcast arrived. */
export function useUpdateMeasure(kind: UpdateKind, value: unknown): void {
  useLayoutEffect(() => {
    const name = updateMeasureName(kind);
    const start = `${name}:start`;
    if (value === null || performance.getEntriesByName(start, "mark").length === 0) return;
    // After the task's microtask checkpoint: the synchronous re-renders that the charts' own layout effects
    // trigger (Recharts measures and registers its parts after the first commit) belong to this update too.
    queueMicrotask(() => {
      performance.measure(name, start);
      // Observers have the entry already; clearing keeps an hours-long session from filling the timeline buffer.
      performance.clearMarks(start);
      performance.clearMeasures(name);
    });
  }, [kind, value]);
}
