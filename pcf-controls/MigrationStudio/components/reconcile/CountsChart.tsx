import * as React from "react";
import { tokens } from "@fluentui/react-components";

export interface CountBar {
  label: string;
  source: number;
  target: number;
}

/**
 * Source vs target per object as paired horizontal bars in plain SVG (a chart library would outweigh the
 * rest of the control). The numbers are in the table beside it; the chart is marked as an image with a summary.
 */
export function CountsChart(props: { bars: CountBar[]; title: string; sourceLabel: string; targetLabel: string }): React.ReactElement {
  const max = Math.max(1, ...props.bars.flatMap((b) => [b.source, b.target]));
  const rowHeight = 34;
  const labelWidth = 150;
  const width = 560;
  const barArea = width - labelWidth - 70;
  const height = props.bars.length * rowHeight + 28;
  const summary = props.bars.map((b) => `${b.label}: ${b.source} / ${b.target}`).join("; ");
  return (
    <svg role="img" aria-label={`${props.title}. ${summary}`} viewBox={`0 0 ${width} ${height}`} style={{ width: "100%", maxWidth: `${width}px`, height: "auto" }}>
      <g fontSize="12" fill={tokens.colorNeutralForeground1}>
        <rect x={labelWidth} y={4} width={10} height={10} fill={tokens.colorNeutralStroke1} />
        <text x={labelWidth + 14} y={13}>{props.sourceLabel}</text>
        <rect x={labelWidth + 110} y={4} width={10} height={10} fill={tokens.colorBrandBackground} />
        <text x={labelWidth + 124} y={13}>{props.targetLabel}</text>
      </g>
      {props.bars.map((b, i) => {
        const y = 24 + i * rowHeight;
        const ok = b.source === b.target;
        return (
          <g key={b.label} fontSize="12">
            <text x={labelWidth - 8} y={y + 16} textAnchor="end" fill={tokens.colorNeutralForeground1}>{b.label}</text>
            <rect x={labelWidth} y={y + 2} height={11} width={(b.source / max) * barArea} fill={tokens.colorNeutralStroke1} />
            <rect x={labelWidth} y={y + 15} height={11} width={(b.target / max) * barArea} fill={ok ? tokens.colorBrandBackground : tokens.colorPaletteRedBackground3} />
            <text x={labelWidth + (Math.max(b.source, b.target) / max) * barArea + 6} y={y + 18} fill={ok ? tokens.colorNeutralForeground2 : tokens.colorPaletteRedForeground1}>
              {`${b.target.toLocaleString("en-US")} / ${b.source.toLocaleString("en-US")}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
