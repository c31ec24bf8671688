import type { InputHTMLAttributes, ReactNode } from "react";
import { describedByOf, FieldFrame } from "./field-frame";
import { inputClass } from "./styles";

/**
 * A labelled input with its hint or error (from the browser's checks or the API's fieldErrors) below it,
 * tied to the input by aria-describedby so the label stays just the label. `className` adds to the input's look.
 */
export function Field({
  label,
  error,
  hint,
  className,
  ...input
}: Readonly<
  { label: string; error?: string | undefined; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>
>) {
  const id = input.id ?? `field-${input.name}`;
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <input
        {...input}
        id={id}
        className={className ? `${inputClass} ${className}` : inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf(id, error, hint)}
      />
    </FieldFrame>
  );
}
