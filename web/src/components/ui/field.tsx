import type { InputHTMLAttributes, ReactNode } from "react";
import { inputClass, labelClass } from "./styles";

/** A labelled input with its error (from the browser's checks or the API's fieldErrors) announced below it. */
export function Field({
  label,
  error,
  hint,
  ...input
}: Readonly<
  { label: string; error?: string | undefined; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>
>) {
  const describedBy = error ? `${input.name}-error` : hint ? `${input.name}-hint` : undefined;
  return (
    <label className={labelClass}>
      {label}
      <input
        {...input}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error ? (
        <span id={`${input.name}-error`} className="text-xs font-normal text-danger">
          {error}
        </span>
      ) : hint ? (
        <span id={`${input.name}-hint`} className="text-xs font-normal text-muted">
          {hint}
        </span>
      ) : null}
    </label>
  );
}
