import Link from "next/link";
import { getTheme } from "@/lib/theme/current-theme";

/** The white-label logo and product name from the active theme. */
export async function Brand({ href = "/" }: Readonly<{ href?: string }>) {
  const theme = await getTheme();
  return (
    <Link href={href} className="inline-flex items-center gap-2.5 text-text no-underline">
      {/* biome-ignore lint/performance/noImgElement: theme logos may be any https URL; next/image would need each host allow-listed */}
      <img src={theme.logo} alt="" width={32} height={32} className="h-8 w-8" />
      <span className="text-lg font-semibold tracking-tight">{theme.name}</span>
    </Link>
  );
}
