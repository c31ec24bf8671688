"use client";

import type { ReactNode } from "react";
import { Field } from "@/components/ui/field";
import { buttonSecondary } from "@/components/ui/styles";
import { TextAreaField } from "@/components/ui/textarea-field";
import { type ChannelFormField, newSigningSecret } from "./channel-kinds";

/**
 * One setting of a channel, as channel-kinds.ts describes it, for the new-channel and the edit form. The
 * edit form gives its own id (two forms on one page), the stored value, and for a secret no `required`,
 * a placeholder saying the stored one is kept and its hint; the rest comes from the field.
 */
export function SettingField({
  field,
  error,
  id,
  defaultValue,
  required = field.required,
  placeholder = field.placeholder,
  hint = field.hint,
}: Readonly<{
  field: ChannelFormField;
  error: string | undefined;
  id?: string;
  defaultValue?: string;
  required?: boolean;
  placeholder?: string | undefined;
  hint?: ReactNode;
}>) {
  const common = {
    id,
    name: field.name,
    label: field.label,
    required,
    placeholder,
    hint,
    error,
    defaultValue,
  };
  if (field.type === "emails")
    return (
      <div className="sm:col-span-2">
        <TextAreaField {...common} rows={2} />
      </div>
    );
  const secret = field.type === "secret";
  return (
    <Field
      {...common}
      // Secrets are text inputs masked by CSS, not password inputs: a browser takes a name field
      // followed by a password field for a sign-in or sign-up form, offers to generate or save a
      // "password", and ignores autocomplete="off" on password inputs.
      type={secret ? "text" : field.type}
      className={secret ? "[-webkit-text-security:disc]" : undefined}
      autoComplete={field.secret ? "off" : undefined}
      spellCheck={field.secret ? false : undefined}
    />
  );
}

/** The webhook's signing secret, typed in or generated here (in the browser; sent once, like any secret). */
export function SigningSecretField({
  field,
  value,
  onChange,
  error,
}: Readonly<{
  field: ChannelFormField;
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
}>) {
  return (
    <div className="flex flex-col gap-1.5">
      <Field
        label={field.label}
        name={field.name}
        type="text"
        required={field.required}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        hint={
          value
            ? "Copy it to your receiver: it is shown once more after saving, then never again."
            : field.hint
        }
        error={error}
      />
      <button
        type="button"
        className={`${buttonSecondary} self-start`}
        onClick={() => onChange(newSigningSecret((bytes) => crypto.getRandomValues(bytes)))}
      >
        Generate a secret
      </button>
    </div>
  );
}
