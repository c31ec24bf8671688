import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/forms/login-form";
import { ErrorMessage } from "@/components/ui/feedback";
import { linkClass } from "@/components/ui/styles";
import { getBranding } from "@/lib/branding/current-branding";
import { ViewerQuery } from "@/lib/graphql/operations/session";
import { ApiError, serverFetch } from "@/lib/graphql/server-fetch";
import { safeReturnPath } from "@/lib/routing/sign-in-gate";

export const metadata: Metadata = { title: "Sign in" };

/** Whether the request already carries a valid session; an unreachable API yields a warning instead. */
async function checkSession(): Promise<{ signedIn: boolean; warning: string | null }> {
  try {
    const { data } = await serverFetch(ViewerQuery);
    return { signedIn: Boolean(data?.me), warning: null };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { signedIn: false, warning: error.message };
  }
}

export default async function LoginPage({
  searchParams,
}: Readonly<{ searchParams: Promise<{ next?: string }> }>) {
  const next = safeReturnPath((await searchParams).next);
  const [{ signedIn, warning }, { productName }] = await Promise.all([checkSession(), getBranding()]);
  if (signedIn) redirect(next);
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-muted">Watch your nodes and their attacks as they happen.</p>
      {warning && <ErrorMessage>{warning}</ErrorMessage>}
      <LoginForm next={next} />
      <p className="mt-6 text-center text-sm text-muted">
        {productName ? `New to ${productName}?` : "No account yet?"}{" "}
        <Link href="/signup" className={linkClass}>
          Create an account
        </Link>
      </p>
    </>
  );
}
