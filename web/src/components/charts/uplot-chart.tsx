"use client";

import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import type uPlot from "uplot";
import type { AlignedData, Options } from "uplot";

export interface ChartHandle {
  setData(data: AlignedData): void;
}

/** Colours of the active light/dark theme, read from the CSS variables at the chart's position. */
export function themeColors(element: Element) {
  const style = getComputedStyle(element);
  const read = (name: string) => style.getPropertyValue(`--color-${name}`).trim();
  return {
    primary: read("primary"),
    accent: read("accent"),
    text: read("text"),
    muted: read("muted"),
    danger: read("danger"),
    warning: read("warning"),
    success: read("success"),
  };
}
export type ThemeColors = ReturnType<typeof themeColors>;

export const SCHEME_EVENT = "levee:scheme";

/** Changes whenever light/dark changes (system preference or the toggle), so charts redraw in new colours. */
function useSchemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const bump = () => setVersion((v) => v + 1);
    media.addEventListener("change", bump);
    window.addEventListener(SCHEME_EVENT, bump);
    return () => {
      media.removeEventListener("change", bump);
      window.removeEventListener(SCHEME_EVENT, bump);
    };
  }, []);
  return version;
}

/**
 * One uPlot instance sized to its container. `options` is built once from the theme colours; new data goes
 * through the handle (setData), so a per-second stream never re-renders React or re-creates the chart.
 */
export const UplotChart = forwardRef<
  ChartHandle,
  Readonly<{
    build: (colors: ThemeColors, width: number) => Options;
    initial: AlignedData;
    label: string;
    height?: number;
  }>
>(function UplotChart({ build, initial, label, height = 260 }, ref) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef<AlignedData>(initial);
  const buildRef = useRef(build);
  buildRef.current = build;
  const scheme = useSchemeVersion();

  useImperativeHandle(ref, () => ({
    setData(data) {
      latest.current = data;
      chart.current?.setData(data);
    },
  }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: `scheme` re-creates the chart in the new colours
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import("uplot").then(({ default: UPlot }) => {
      if (disposed) return;
      const width = element.clientWidth || 600;
      const options = { ...buildRef.current(themeColors(element), width), width, height };
      chart.current = new UPlot(options, latest.current, element);
      observer = new ResizeObserver(() => chart.current?.setSize({ width: element.clientWidth, height }));
      observer.observe(element);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, [height, scheme]);

  return <div ref={container} role="img" aria-label={label} className="w-full min-h-[1px]" />;
});
