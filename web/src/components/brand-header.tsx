import Link from "next/link";
import { getTheme } from "@/lib/theme/current-theme";

/** The white-label logo and product name from the active theme, linking home. */
export async function BrandHeader() {
  const theme = await getTheme();
  return (
    <header>
      <Link href="/" className="inline-flex items-center gap-3 text-text no-underline">
        {/* biome-ignore lint/performance/noImgElement: theme logos may be any https URL; next/image would need each host allow-listed */}
        <img src={theme.logo} alt="" width={40} height={40} className="h-10 w-10" />
        <span className="text-2xl font-semibold tracking-tight">{theme.name}</span>
      </Link>
    </header>
  );
}
