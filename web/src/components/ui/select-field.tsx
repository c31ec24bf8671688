import type { ReactNode, SelectHTMLAttributes } from "react";
import { inputClass } from "./styles";

/** A labelled <select> with its error or hint below it, like Field. */
export function SelectField({
  label,
  error,
  hint,
  children,
  ...select
}: Readonly<
  {
    label: string;
    error?: string | undefined;
    hint?: ReactNode;
    children: ReactNode;
  } & SelectHTMLAttributes<HTMLSelectElement>
>) {
  const id = select.id ?? `field-${select.name}`;
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select
        {...select}
        id={id}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      >
        {children}
      </select>
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
