"use client";

// "Subscribe to updates" on a public status page: an e-mail address, then a confirmation e-mail (double
// opt-in). The API answers alike for a new, pending or already subscribed address, so the message says
// what happens next without saying which it was. A page showing more than one system offers them as
// checkboxes: ticking some subscribes to updates about those only (and the page-wide maintenance notices),
// none to every update; an address already subscribed is sent a link to confirm its new choice.
import { type FormEvent, useState } from "react";
import { useFormState } from "@/components/forms/use-form-state";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import { SubscribeToStatusPageMutation } from "@/lib/graphql/operations/status-page";
import { fieldMessage } from "@/lib/graphql/outcome";
import { SUBSCRIBER_MAIL_TOPICS } from "@/lib/status/subscriber-scope";

/**
 * `nodes`: the names the page shows its systems under (a name shown twice is one choice, as the API takes
 * it). `via`: where a password-protected page's form posts (`<base>/subscribe`, which reads the page's
 * access cookie); absent, /graphql like every other client request.
 */
export function StatusSubscribe({
  slug,
  nodes = [],
  via,
}: Readonly<{ slug: string; nodes?: readonly string[]; via?: string }>) {
  const form = useFormState();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const choices = [...new Set(nodes)];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get("email") ?? "").trim();
    if (!email) return form.invalid([{ path: "email", message: "Enter your e-mail address" }]);
    const picked = data.getAll("node").map(String);
    form.begin();
    const outcome = await runMutation(
      SubscribeToStatusPageMutation,
      { input: { slug, email, ...(picked.length > 0 ? { nodes: picked } : {}) } },
      (d) => d.subscribeToStatusPage,
      via,
    );
    if (!outcome.ok) {
      // A system taken off the page since it was loaded: say so, and which form field to look at.
      const onNodes = outcome.fieldErrors.some((e) => /^input\.nodes/.test(e.path));
      const message = onNodes
        ? "A system you picked is no longer on this page: reload it and pick again."
        : "Check the e-mail address.";
      return form.fail(outcome.fieldErrors.length > 0 ? { ...outcome, message } : outcome);
    }
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
        <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
          <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
            <div className="flex-1">
              <Field
                label="E-mail address"
                name="email"
                type="email"
                autoComplete="email"
                required
                maxLength={254}
                hint={`An e-mail ${SUBSCRIBER_MAIL_TOPICS}.`}
                error={fieldMessage(form.fields, "email")}
              />
            </div>
            <button type="submit" disabled={form.busy} className={`${buttonPrimary} sm:mt-6`}>
              {form.busy ? "Subscribing…" : "Subscribe"}
            </button>
          </div>
          {choices.length > 1 && (
            <fieldset className="flex flex-col gap-2">
              <legend className="text-sm font-medium">Only these systems (optional)</legend>
              <p className="text-sm text-muted">
                Tick the systems you care about to hear only of their incidents (maintenance notices are
                always sent). Tick none for every update of the page.
              </p>
              <div className="flex flex-wrap gap-x-4 gap-y-1">
                {choices.map((name) => (
                  <label key={name} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="node" value={name} className="h-4 w-4" />
                    {name}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
        </form>
      )}
      {form.error && <ErrorMessage>{form.error}</ErrorMessage>}
    </section>
  );
}
