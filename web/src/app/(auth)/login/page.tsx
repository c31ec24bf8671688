import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BrandHeader } from "@/components/brand-header";
import { Card } from "@/components/card";
import { LoginForm } from "@/components/forms/login-form";
import { VIEWER_QUERY } from "@/lib/graphql/documents";
import { ApiError, serverFetch } from "@/lib/graphql/server-fetch";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

/** Whether the request already carries a valid session; an unreachable API yields a warning instead. */
async function checkSession(): Promise<{ signedIn: boolean; warning: string | null }> {
  try {
    const { data } = await serverFetch(VIEWER_QUERY);
    return { signedIn: Boolean(data?.me), warning: null };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { signedIn: false, warning: error.message };
  }
}

export default async function LoginPage() {
  const { signedIn, warning } = await checkSession();
  if (signedIn) redirect("/");
  return (
    <>
      <BrandHeader />
      <Card title="Sign in">
        {warning && (
          <p role="status" className="mb-4 text-sm text-warning">
            {warning}
          </p>
        )}
        <LoginForm />
      </Card>
    </>
  );
}
