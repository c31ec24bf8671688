// A password-protected status page's form, shown in the page's look (the root layout's branding) in place
// of the page and of its incidents' pages. It shows the page's title and nothing else of it: no node,
// incident or notice. A plain form POST to the page's `access` route (no script needed), which sets the
// access cookie and comes back here, or to the page it was asked from (`next`).
import { ErrorMessage } from "@/components/ui/feedback";
import { Field } from "@/components/ui/field";
import { buttonPrimary } from "@/components/ui/styles";
import type { AccessProblem } from "@/lib/status/page-access";

const PROBLEMS: Record<AccessProblem, string> = {
  wrong: "That is not the password of this page.",
  limited: "Too many attempts. Wait a few minutes, then try again.",
  unavailable: "The page could not be opened right now. Try again in a moment.",
};

export function StatusPasswordForm({
  title,
  base,
  next,
  problem,
}: Readonly<{ title: string; base: string; next: string; problem: AccessProblem | null }>) {
  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-4 px-4 py-12 sm:px-6">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="text-sm text-muted">This status page is protected. Enter its password to see it.</p>
      </header>
      <form method="post" action={`${base}/access`} className="flex flex-col gap-3">
        <input type="hidden" name="next" value={next} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          error={problem === "wrong" ? PROBLEMS.wrong : undefined}
        />
        {problem && problem !== "wrong" && <ErrorMessage>{PROBLEMS[problem]}</ErrorMessage>}
        <button type="submit" className={`${buttonPrimary} self-start`}>
          View status
        </button>
      </form>
    </main>
  );
}
