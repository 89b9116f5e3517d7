"use client";
// What every class chart shares: a figure summarised in words for screen readers, its key above the plot, and a
// plot area that Recharts fills at the figure's size. A chart whose marks can be explored from the keyboard makes
// its plot one focusable group, and says what the keyboard reached in a live region.
import type { FocusEvent, KeyboardEvent, PointerEvent, ReactElement } from "react";
import { CartesianGrid, ResponsiveContainer } from "recharts";
import { ChartLegend, type LegendItem } from "./ChartLegend.tsx";

/** Space around each class chart's plot, in pixels. */
export const CHART_MARGIN = { top: 8, right: 16, bottom: 8, left: 8 } as const;

/** The dashed grid behind each class chart's marks. */
export function ChartGrid() {
  return <CartesianGrid stroke="#d0d7de" strokeDasharray="3 3" />;
}

/** A plot the keyboard can walk: its name as a group, its key handling, and what to announce. */
export interface ChartExplorer {
  readonly label: string;
  readonly announcement: string;
  readonly onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  readonly onFocus: () => void;
  readonly onBlur: (event: FocusEvent<HTMLDivElement>) => void;
  readonly onPointerMove: (event: PointerEvent<HTMLDivElement>) => void;
  readonly onPointerLeave: () => void;
}

export function ChartFrame({
  summary,
  testId,
  height,
  legend,
  explorer,
  children,
}: {
  summary: string;
  testId: string;
  height: number;
  legend: readonly LegendItem[];
  explorer?: ChartExplorer | null;
  children: ReactElement;
}) {
  const plot = (
    <ResponsiveContainer width="100%" height="100%">
      {children}
    </ResponsiveContainer>
  );
  if (!explorer) {
    return (
      <figure className="chart" role="img" aria-label={summary} data-testid={testId} style={{ height }}>
        <ChartLegend items={legend} />
        <div className="chart__plot">{plot}</div>
      </figure>
    );
  }
  // A focusable plot cannot sit inside role="img" (an image's content is presentational), so this figure is named
  // by the summary instead and the drawing itself is hidden from screen readers, which hear the live region.
  return (
    <figure className="chart" aria-label={summary} data-testid={testId} style={{ height }}>
      <ChartLegend items={legend} />
      <div
        className="chart__plot chart__plot--explore"
        role="group"
        tabIndex={0}
        aria-label={explorer.label}
        onKeyDown={explorer.onKeyDown}
        onFocus={explorer.onFocus}
        onBlur={explorer.onBlur}
        onPointerMove={explorer.onPointerMove}
        onPointerLeave={explorer.onPointerLeave}
        data-testid={`${testId}-explore`}
      >
        <div className="chart__drawing" aria-hidden="true">
          {plot}
        </div>
      </div>
      <p className="sr-only" aria-live="polite" data-testid={`${testId}-announcement`}>
        {explorer.announcement}
      </p>
    </figure>
  );
}
