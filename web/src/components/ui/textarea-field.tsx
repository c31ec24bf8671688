import type { ReactNode, TextareaHTMLAttributes } from "react";
import { inputClass } from "./styles";

/** A labelled <textarea> with its error or hint below it, like Field. `className` adds to the input's look. */
export function TextAreaField({
  label,
  error,
  hint,
  className,
  ...area
}: Readonly<
  {
    label: string;
    error?: string | undefined;
    hint?: ReactNode;
  } & TextareaHTMLAttributes<HTMLTextAreaElement>
>) {
  const id = area.id ?? `field-${area.name}`;
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <textarea
        {...area}
        id={id}
        className={className ? `${inputClass} ${className}` : inputClass}
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
