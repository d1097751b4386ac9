export type MarkerLine = { label: string; kind: "kill_switch" | "policy"; text: string };

/** A flag on top of a reference line; hovering it shows what happened (an SVG title). */
export function EventMarker({ marker, viewBox }: { marker: MarkerLine; viewBox?: { x?: number; y?: number } }) {
  const x = viewBox?.x ?? 0;
  const y = viewBox?.y ?? 0;
  return (
    <g data-testid="event-marker" className="cursor-help">
      <title>{marker.text}</title>
      <path d={`M${x - 5},${y - 10} L${x + 5},${y - 10} L${x},${y - 2} Z`} fill={marker.kind === "kill_switch" ? "#dc2626" : "#7c3aed"} />
    </g>
  );
}
