import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/forms/reset-password-form";
import { ErrorMessage } from "@/components/ui/feedback";
import { linkClass } from "@/components/ui/styles";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({
  searchParams,
}: Readonly<{ searchParams: Promise<{ token?: string | string[] }> }>) {
  // ?token=a&token=b is no link of ours: the form takes one token.
  const { token: given } = await searchParams;
  const token = typeof given === "string" ? given : undefined;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Choose a new password</h1>
      <p className="mb-6 text-sm text-muted">
        Every session of your account is signed out; then you sign in with the new password.
      </p>
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <ErrorMessage>
          This page needs the link from the reset e-mail.{" "}
          <Link href="/forgot-password" className={linkClass}>
            Ask for a link
          </Link>
        </ErrorMessage>
      )}
      <p className="mt-6 text-center text-sm text-muted">
        <Link href="/login" className={linkClass}>
          Back to sign in
        </Link>
      </p>
    </>
  );
}
