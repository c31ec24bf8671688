import type { InputHTMLAttributes, ReactNode } from "react";
import { inputClass } from "./styles";

/**
 * A labelled input with its hint or error (from the browser's checks or the API's fieldErrors) below it,
 * tied to the input by aria-describedby so the label stays just the label.
 */
export function Field({
  label,
  error,
  hint,
  ...input
}: Readonly<
  { label: string; error?: string | undefined; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>
>) {
  const id = input.id ?? `field-${input.name}`;
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        {...input}
        id={id}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
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
