import Link from "next/link";
import { linkClass } from "@/components/ui/styles";

/** Also what an unknown workspace, node or incident shows, and another tenant's: nothing is revealed. */
export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-sm font-semibold text-primary">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="max-w-sm text-muted">There is nothing at this address that you can see.</p>
      <Link href="/" className={linkClass}>
        Back to your workspaces
      </Link>
    </main>
  );
}
