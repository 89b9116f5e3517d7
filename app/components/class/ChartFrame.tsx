"use client";
// What every class chart shares: a figure summarised in words for screen readers, its key above the plot, and a
// plot area that Recharts fills at the figure's size.
import type { ReactElement } from "react";
import { CartesianGrid, ResponsiveContainer } from "recharts";
import { ChartLegend, type LegendItem } from "./ChartLegend.tsx";

/** Space around each class chart's plot, in pixels. */
export const CHART_MARGIN = { top: 8, right: 16, bottom: 8, left: 8 } as const;

/** The dashed grid behind each class chart's marks. */
export function ChartGrid() {
  return <CartesianGrid stroke="#d0d7de" strokeDasharray="3 3" />;
}

export function ChartFrame({
  summary,
  testId,
  height,
  legend,
  children,
}: {
  summary: string;
  testId: string;
  height: number;
  legend: readonly LegendItem[];
  children: ReactElement;
}) {
  return (
    <figure className="chart" role="img" aria-label={summary} data-testid={testId} style={{ height }}>
      <ChartLegend items={legend} />
      <div className="chart__plot">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
