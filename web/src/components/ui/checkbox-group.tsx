import type { ReactNode } from "react";

export interface CheckboxOption {
  value: string;
  label: ReactNode;
}

/**
 * A fieldset of checkboxes sharing one name (FormData.getAll reads the checked values), with its error or
 * hint below it like Field's, tied to the group by aria-describedby.
 */
export function CheckboxGroup({
  id,
  legend,
  name,
  options,
  defaultChecked = [],
  error,
  hint,
  className = "sm:grid-cols-2",
}: Readonly<{
  id: string;
  legend: string;
  name: string;
  options: readonly CheckboxOption[];
  defaultChecked?: readonly string[];
  error?: string | undefined;
  hint?: ReactNode;
  /** The grid's columns. */
  className?: string;
}>) {
  const note = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <fieldset id={id} aria-describedby={note} className="min-w-0">
      <legend className="mb-1.5 text-sm font-medium">{legend}</legend>
      <div className={`grid gap-x-4 gap-y-1.5 ${className}`}>
        {options.map((option) => (
          <label key={option.value} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name={name}
              value={option.value}
              defaultChecked={defaultChecked.includes(option.value)}
              className="accent-primary"
            />
            {option.label}
          </label>
        ))}
      </div>
      {error ? (
        <span id={`${id}-error`} className="mt-1.5 block text-xs text-danger">
          {error}
        </span>
      ) : hint ? (
        <span id={`${id}-hint`} className="mt-1.5 block text-xs text-muted">
          {hint}
        </span>
      ) : null}
    </fieldset>
  );
}
