import { Field } from "@/components/ui/field";
import { MIN_PASSWORD } from "@/lib/account/password-change";
import { type FieldProblem, fieldMessage } from "@/lib/graphql/outcome";

/**
 * A new password and its repetition, as sign-up and the account page ask for them (the API's rules:
 * at least MIN_PASSWORD characters, not a common password). The repetition is the field `confirm`.
 */
export function NewPasswordFields({
  name,
  label,
  repeatLabel,
  fields,
}: Readonly<{ name: string; label: string; repeatLabel: string; fields: readonly FieldProblem[] }>) {
  return (
    <>
      <Field
        label={label}
        name={name}
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD}
        hint={`At least ${MIN_PASSWORD} characters, not a common password.`}
        error={fieldMessage(fields, name)}
      />
      <Field
        label={repeatLabel}
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD}
        error={fieldMessage(fields, "confirm")}
      />
    </>
  );
}
