import type { ReactNode, SelectHTMLAttributes } from "react";
import { describedByOf, FieldFrame } from "./field-frame";
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
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <select
        {...select}
        id={id}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf(id, error, hint)}
      >
        {children}
      </select>
    </FieldFrame>
  );
}
