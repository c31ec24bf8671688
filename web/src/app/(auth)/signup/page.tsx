import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitation } from "@/components/forms/accept-invitation";
import { SignupForm } from "@/components/forms/signup-form";
import { linkClass } from "@/components/ui/styles";
import { checkSession } from "@/lib/session/check-session";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignupPage({
  searchParams,
}: Readonly<{ searchParams: Promise<{ invite?: string }> }>) {
  const { invite } = await searchParams;
  // An invitation opened signed in is accepted with that account; the sign-up form is for new ones.
  const { email } = invite ? await checkSession() : { email: null };
  if (invite && email)
    return (
      <>
        <h1 className="mb-1 text-xl font-semibold">Join a workspace</h1>
        <p className="mb-6 text-sm text-muted">You were invited to a workspace.</p>
        <AcceptInvitation token={invite} email={email} />
      </>
    );
  const signIn = invite
    ? `/login?next=${encodeURIComponent(`/signup?invite=${encodeURIComponent(invite)}`)}`
    : "/login";
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your account</h1>
      <p className="mb-6 text-sm text-muted">
        {invite
          ? "You were invited to a workspace; you join it as soon as the account exists."
          : "Then create a workspace and enrol your first server."}
      </p>
      <SignupForm invitationToken={invite ?? null} />
      <p className="mt-6 text-center text-sm text-muted">
        Already have an account?{" "}
        <Link href={signIn} className={linkClass}>
          {invite ? "Sign in to accept the invitation" : "Sign in"}
        </Link>
      </p>
    </>
  );
}
