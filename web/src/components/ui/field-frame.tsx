import type { ReactNode } from "react";

/** The id of what FieldFrame shows below control `id` (its error, else its hint), for aria-describedby. */
export function describedByOf(id: string, error: string | undefined, hint: ReactNode): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

/**
 * What Field, SelectField and TextAreaField share: the label above the control, and its error (from the
 * browser's checks or the API's fieldErrors) or hint below it, tied to the control by aria-describedby
 * (describedByOf) so the label stays just the label.
 */
export function FieldFrame({
  id,
  label,
  error,
  hint,
  labelHidden = false,
  children,
}: Readonly<{
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  /** Heard, not seen: where the row around the control already says what it is for. */
  labelHidden?: boolean;
  children: ReactNode;
}>) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className={labelHidden ? "sr-only" : "text-sm font-medium"}>
        {label}
      </label>
      {children}
      {error ? (
        <span id={`${id}-error`} className="text-xs text-danger">
          {error}
        </span>
      ) : hint ? (
        <span id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
