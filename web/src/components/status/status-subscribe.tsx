"use client";

// "Subscribe to updates" on a public status page: an e-mail address, then a confirmation e-mail (double
// opt-in). The API answers alike for a new, pending or already subscribed address, so the message says
// what happens next without saying which it was.
import { type FormEvent, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { SubscribeToStatusPageMutation } from "@/lib/graphql/operations/status-page";
import { fieldMessage } from "@/lib/graphql/outcome";

/**
 * `via`: where a password-protected page's form posts (`<base>/subscribe`, which reads the page's access
 * cookie); absent, /graphql like every other client request.
 */
export function StatusSubscribe({ slug, via }: Readonly<{ slug: string; via?: string }>) {
  const form = useFormState();
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    if (!email) return form.invalid([{ path: "email", message: "Enter your e-mail address" }]);
    form.begin();
    const outcome = await runMutation(
      SubscribeToStatusPageMutation,
      { input: { slug, email } },
      (d) => d.subscribeToStatusPage,
      via,
    );
    if (!outcome.ok)
      return form.fail(
        outcome.fieldErrors.length > 0 ? { ...outcome, message: "Check the e-mail address." } : outcome,
      );
    setSentTo(email);
    form.succeed();
  }

  return (
    <section
      aria-labelledby="subscribe-heading"
      className="flex flex-col gap-3 rounded-theme border border-muted/30 bg-surface px-4 py-4"
    >
      <h2 id="subscribe-heading" className="text-base font-semibold">
        Subscribe to updates
      </h2>
      {sentTo ? (
        <SuccessMessage>
          Check your inbox: a confirmation link is on its way to {sentTo}. Updates start once you open it (it
          works for 48 hours).
        </SuccessMessage>
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate>
          <div className="flex-1">
            <Field
              label="E-mail address"
              name="email"
              type="email"
              autoComplete="email"
              required
              maxLength={254}
              hint="An e-mail when an incident starts or ends and when maintenance is scheduled."
              error={fieldMessage(form.fields, "email")}
            />
          </div>
          <button type="submit" disabled={form.busy} className={`${buttonPrimary} sm:mt-6`}>
            {form.busy ? "Subscribing…" : "Subscribe"}
          </button>
        </form>
      )}
      {form.error && <ErrorMessage>{form.error}</ErrorMessage>}
    </section>
  );
}
