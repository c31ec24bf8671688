import Link from "next/link";
import { linkClass } from "@/components/ui/styles";

/**
 * Links between pages of a list paged by cursor (lib/routing/cursor-page.ts), with what the page holds and,
 * where the API counts it, how many there are in all. Nothing when the list fits on one page.
 */
export function CursorPager({
  label,
  base,
  keep = new URLSearchParams(),
  after,
  next,
  onPage,
  total,
}: Readonly<{
  /** What the pages are of, for the landmark ("Pages of nodes"). */
  label: string;
  base: string;
  /** Query parameters the pages share (a search), kept on every link. */
  keep?: URLSearchParams;
  after: string | null;
  next: string | null;
  onPage: number;
  total?: number | undefined;
}>) {
  if (!next && !after) return null;
  const href = (cursor: string | null) => {
    const query = new URLSearchParams([...keep, ...(cursor ? [["after", cursor]] : [])]);
    return query.size > 0 ? `${base}?${query}` : base;
  };
  // Its links are not prefetched: a page of a list is its page's every query, asked before anyone clicks.
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center gap-4 text-sm">
      <span className="text-muted">
        {onPage} on this page{total === undefined ? "" : `, ${total} in all`}
      </span>
      {after && (
        <Link href={href(null)} prefetch={false} className={linkClass}>
          ← First page
        </Link>
      )}
      {next && (
        <Link href={href(next)} prefetch={false} className={linkClass}>
          Next page →
        </Link>
      )}
    </nav>
  );
}
