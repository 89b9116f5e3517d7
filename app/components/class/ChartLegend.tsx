// A chart's key in HTML above the plot: a swatch and a label per kind of mark.

export type SwatchKind = "line" | "dashed" | "band" | "circle" | "cross" | "x";

export interface LegendItem {
  readonly label: string;
  readonly color: string;
  readonly kind: SwatchKind;
  /** The dash pattern of a "dashed" swatch, when it is not the usual one. */
  readonly dash?: string;
}

function Swatch({ kind, color, dash = "5 3" }: { kind: SwatchKind; color: string; dash?: string | undefined }) {
  return (
    <svg className="chart-legend__swatch" width="22" height="12" viewBox="0 0 22 12" aria-hidden="true">
      {kind === "line" ? <path d="M1,6H21" stroke={color} strokeWidth="3" /> : null}
      {kind === "dashed" ? <path d="M1,6H21" stroke={color} strokeWidth="2" strokeDasharray={dash} /> : null}
      {kind === "band" ? <rect x="1" y="1" width="20" height="10" fill={color} fillOpacity="0.45" /> : null}
      {kind === "circle" ? <circle cx="11" cy="6" r="5" fill={color} /> : null}
      {kind === "cross" ? <path d="M9,1h4v3h3v4h-3v3h-4v-3h-3v-4h3z" fill={color} /> : null}
      {kind === "x" ? <path d="M1,6H13M7,1L17,11M17,1L7,11" stroke={color} strokeWidth="2" fill="none" /> : null}
    </svg>
  );
}

export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="chart-legend">
      {items.map((item) => (
        <li key={item.label} className="chart-legend__item">
          <Swatch kind={item.kind} color={item.color} dash={item.dash} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
