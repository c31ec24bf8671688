import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/forms/login-form";
import { ErrorMessage, SuccessMessage } from "@/components/ui/feedback";
import { linkClass } from "@/components/ui/styles";
import { resetDoneNotice } from "@/lib/account/password-reset";
import { getBranding } from "@/lib/branding/current-branding";
import { customDomainSlugOfRequest } from "@/lib/routing/dashboard-home";
import { afterSignInPath, safeReturnPath } from "@/lib/routing/sign-in-gate";
import { checkSession } from "@/lib/session/check-session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: Readonly<{ searchParams: Promise<{ next?: string; reset?: string }> }>) {
  const query = await searchParams;
  // On a custom domain `/` is the status page: a sign-in asking for no page opens the dashboard instead.
  const next = afterSignInPath(safeReturnPath(query.next), await customDomainSlugOfRequest());
  const resetNotice = resetDoneNotice(query.reset);
  const [{ email, warning }, { productName }] = await Promise.all([checkSession(), getBranding()]);
  if (email) redirect(next);
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-muted">Watch your nodes and their attacks as they happen.</p>
      {resetNotice && (
        <div className="mb-4">
          <SuccessMessage>{resetNotice}</SuccessMessage>
        </div>
      )}
      {warning && <ErrorMessage>{warning}</ErrorMessage>}
      <LoginForm next={next} />
      <p className="mt-4 text-center text-sm">
        <Link href="/forgot-password" className={linkClass}>
          Forgot your password?
        </Link>
      </p>
      <p className="mt-6 text-center text-sm text-muted">
        {productName ? `New to ${productName}?` : "No account yet?"}{" "}
        {/* Sent here from an invitation: a new account still takes the invitation with it. */}
        <Link href={next.startsWith("/signup?") ? next : "/signup"} className={linkClass}>
          Create an account
        </Link>
      </p>
    </>
  );
}
