// Shared class lists, so every button and field looks the same without a component per element.
export const buttonPrimary =
  "inline-flex items-center justify-center gap-2 rounded-theme bg-primary px-4 py-2 text-sm font-semibold text-background shadow-sm hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary disabled:cursor-not-allowed disabled:opacity-60";
export const buttonSecondary =
  "inline-flex items-center justify-center gap-2 rounded-theme border border-muted/40 bg-surface px-4 py-2 text-sm font-medium text-text hover:border-primary hover:text-primary focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary disabled:cursor-not-allowed disabled:opacity-60";
export const buttonDanger =
  "inline-flex items-center justify-center gap-2 rounded-theme border border-danger/50 px-3 py-1.5 text-sm font-medium text-danger hover:bg-danger/10 disabled:opacity-60";
export const inputClass =
  "w-full rounded-theme border border-muted/40 bg-background px-3 py-2 text-sm text-text placeholder:text-muted/80 outline-none focus:border-primary focus:ring-2 focus:ring-primary/30 aria-[invalid=true]:border-danger";
export const labelClass = "flex flex-col gap-1.5 text-sm font-medium";
export const tableClass = "w-full text-left text-sm";
/**
 * The box a wide table scrolls in on a narrow screen. Positioned, so it also holds the table's
 * absolutely positioned content (screen-reader-only labels), which would otherwise take the
 * page's width instead of the box's.
 */
export const tableBoxClass = "relative overflow-x-auto";
export const thClass =
  "border-b border-muted/20 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-muted";
export const tdClass = "border-b border-muted/10 px-3 py-2.5 align-middle";
export const linkClass = "font-medium text-primary underline-offset-4 hover:underline";
