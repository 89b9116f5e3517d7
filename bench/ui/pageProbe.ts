// What the bench runs inside the host's page: it puts the host token where app/lib/storage.ts looks for it, and
// observes the dashboard's User Timing measures (see app/host/[code]/_dashboard/updateTiming.ts), long tasks
// and long animation frames into flat (wall-clock start, duration) pairs that the bench reads at the end.

export interface ProbeRecords {
  /** Per measure name, (start, duration) pairs; start in wall-clock milliseconds (timeOrigin + startTime). */
  readonly measures: Record<string, number[]>;
  readonly longTasks: number[];
  /** Long animation frames (script, style, layout and paint of one frame over 50 ms), where Chromium has them. */
  readonly longFrames: number[];
}

export interface DomCounts {
  readonly elements: number;
  readonly classChartSvg: number;
  readonly scatterSvg: number;
  readonly rosterRows: number;
  readonly problemRuns: number;
}

// The functions below are serialised into the page: tsx compiles with esbuild's keepNames, which wraps every
// named inner function in a `__name` helper the page does not have, so they use only anonymous ones.

/** Runs in the page before any of its scripts (page.addInitScript): no imports, no closure over bench code. */
export function installProbe({ storageKey, hostToken }: { storageKey: string; hostToken: string }): void {
  window.localStorage.setItem(storageKey, hostToken);
  const records: ProbeRecords = { measures: {}, longTasks: [], longFrames: [] };
  Object.assign(window, { __downhillUiBench: records });
  const sinks: [string, (entry: PerformanceEntry) => number[]][] = [
    ["measure", (entry) => (records.measures[entry.name] ??= [])],
    ["longtask", () => records.longTasks],
    ["long-animation-frame", () => records.longFrames],
  ];
  for (const [type, into] of sinks) {
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          into(entry).push(performance.timeOrigin + entry.startTime, entry.duration);
      }).observe({ type, buffered: true });
    } catch {
      // An entry type this browser does not know.
    }
  }
}

/** Runs in the page: what the probe recorded so far. */
export function readProbe(): ProbeRecords {
  return (window as unknown as { __downhillUiBench: ProbeRecords }).__downhillUiBench;
}

/** Runs in the page: how many DOM nodes the dashboard holds, overall and in its heavy parts. */
export function countDom(): DomCounts {
  return {
    elements: document.querySelectorAll("*").length,
    classChartSvg: document.querySelectorAll('[data-testid="class-chart"] svg *').length,
    scatterSvg: document.querySelectorAll('[data-testid="lr-scatter"] svg *').length,
    rosterRows: document.querySelectorAll('[data-testid="roster-row"]').length,
    problemRuns: document.querySelectorAll('[data-testid="problem-runs"] li').length,
  };
}
