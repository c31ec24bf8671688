// SVG polyline points for a sparkline: values scaled into a width × height box (y grows downwards).
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return "";
  const max = Math.max(...values, 1);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map(
      (value, i) =>
        `${(i * step).toFixed(1)},${(height - (Math.max(0, value) / max) * (height - 2) - 1).toFixed(1)}`,
    )
    .join(" ");
}
