import Link from "next/link";
import { getBranding } from "@/lib/branding/current-branding";

/** The white-label logo and product name of the request's tenant (or the deployment's). */
export async function Brand({ href = "/" }: Readonly<{ href?: string }>) {
  const branding = await getBranding();
  return (
    // Not prefetched, as the sidebar's links (sidebar-nav.tsx): it is on every page.
    <Link
      href={href}
      prefetch={false}
      className="inline-flex items-center gap-2.5 text-text no-underline"
      data-testid="brand"
    >
      {/* biome-ignore lint/performance/noImgElement: logos may be data: URIs or any https URL; next/image would need each host allow-listed */}
      <img src={branding.logo} alt="" width={32} height={32} className="h-8 w-auto max-w-40 object-contain" />
      <span className="text-lg font-semibold tracking-tight">{branding.productName}</span>
    </Link>
  );
}
