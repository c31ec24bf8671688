"use client";

// The status page's e-mail subscribers (personal data: shown to those who may change the page), 50 a page,
// each removable. Confirmed ones get the page's e-mails; pending ones have not opened their link yet (they
// are forgotten 48 hours after asking). Each follows the whole page or some of its systems (what a pending
// one's link asks for); one whose every system left the page gets its maintenance notices only, and says so.
import { useRouter } from "next/navigation";
import { useFormState } from "@/components/forms/use-form-state";
import { Card } from "@/components/ui/card";
import { CursorPager } from "@/components/ui/cursor-pager";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { buttonDanger, tableBoxClass, tableClass, tdClass, thClass } from "@/components/ui/styles";
import { runMutation } from "@/lib/graphql/client-fetch";
import type { StatusPageSubscribersQuery } from "@/lib/graphql/generated/graphql";
import { RemoveStatusPageSubscriberMutation } from "@/lib/graphql/operations/status-page";
import { followedText, followsNothingShown } from "@/lib/status/subscriber-scope";

type Subscribers = NonNullable<
  NonNullable<StatusPageSubscribersQuery["workspace"]>["statusPage"]["subscribers"]
>;

const day = (iso: string) => iso.slice(0, 10);

export function StatusPageSubscribers({
  subscribers,
  base,
  after,
}: Readonly<{ subscribers: Subscribers; base: string; after: string | null }>) {
  const router = useRouter();
  const state = useFormState();

  async function remove(id: string, email: string) {
    state.begin();
    const outcome = await runMutation(
      RemoveStatusPageSubscriberMutation,
      { input: { subscriberId: id } },
      (d) => d.removeStatusPageSubscriber,
    );
    if (!outcome.ok) return state.fail(outcome);
    state.succeed(`${email} removed.`);
    router.refresh();
  }

  return (
    <Card title="E-mail subscribers">
      {subscribers.nodes.length === 0 ? (
        <p className="text-sm text-muted">Nobody has subscribed yet.</p>
      ) : (
        <div className={tableBoxClass}>
          <table className={tableClass}>
            <thead>
              <tr>
                <th className={thClass}>Address</th>
                <th className={thClass}>State</th>
                <th className={thClass}>Updates about</th>
                <th className={thClass}>Since</th>
                <th className={thClass}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {subscribers.nodes.map((s) => (
                <tr key={s.id}>
                  <td className={tdClass}>{s.email}</td>
                  <td className={tdClass}>{s.confirmed ? "Confirmed" : "Waiting for confirmation"}</td>
                  <td className={tdClass}>
                    <span className={followsNothingShown(s) ? "text-warning" : undefined}>
                      {followedText(s)}
                    </span>
                  </td>
                  <td className={tdClass}>{day(s.confirmedAt ?? s.createdAt)}</td>
                  <td className={`${tdClass} text-right`}>
                    <button
                      type="button"
                      className={buttonDanger}
                      disabled={state.busy}
                      onClick={() => remove(s.id, s.email)}
                      aria-label={`Remove ${s.email}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager
        label="Pages of subscribers"
        base={base}
        after={after}
        next={subscribers.hasNextPage ? subscribers.endCursor : null}
        onPage={subscribers.nodes.length}
      />
      {state.error && <ErrorMessage>{state.error}</ErrorMessage>}
      {state.done && <SuccessMessage>{state.done}</SuccessMessage>}
    </Card>
  );
}
