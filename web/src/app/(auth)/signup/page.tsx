import type { Metadata } from "next";
import Link from "next/link";
import { SignupForm } from "@/components/forms/signup-form";
import { linkClass } from "@/components/ui/styles";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignupPage({
  searchParams,
}: Readonly<{ searchParams: Promise<{ invite?: string }> }>) {
  const { invite } = await searchParams;
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
        <Link href="/login" className={linkClass}>
          Sign in
        </Link>
      </p>
    </>
  );
}
