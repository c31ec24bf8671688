const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 37841 → "37,841". */
export function count(n: number): string {
  return integer.format(n);
}

/** 0.973 → "97%"; small non-zero shares keep one decimal ("0.4%"). */
export function percent(share: number): string {
  const value = share * 100;
  if (value > 0 && value < 1) return `${value.toFixed(1)}%`;
  return `${Math.round(value)}%`;
}

/** Packets or bits per second with a unit ("23.6k pps", "1.2 Gbit/s"). */
export function rate(value: number, unit: "pps" | "bit/s"): string {
  const steps: [number, string][] = [
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, prefix] of steps) {
    if (value >= size) {
      const scaled = (value / size).toFixed(1);
      return unit === "pps" ? `${scaled}${prefix.toLowerCase()} pps` : `${scaled} ${prefix}bit/s`;
    }
  }
  return unit === "pps" ? `${Math.round(value)} pps` : `${Math.round(value)} bit/s`;
}
