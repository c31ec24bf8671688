import type { ReactNode, TextareaHTMLAttributes } from "react";
import { describedByOf, FieldFrame } from "./field-frame";
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
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <textarea
        {...area}
        id={id}
        className={className ? `${inputClass} ${className}` : inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf(id, error, hint)}
      />
    </FieldFrame>
  );
}
