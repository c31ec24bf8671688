import Link from "next/link";

export interface SwitcherWorkspace {
  id: string;
  slug: string;
  name: string;
  parent?: { id: string } | null;
}

/** A disclosure listing every workspace the viewer can see, customers indented under their MSP. */
export function WorkspaceSwitcher({
  current,
  workspaces,
}: Readonly<{ current: { slug: string; name: string }; workspaces: readonly SwitcherWorkspace[] }>) {
  const byId = new Map(workspaces.map((w) => [w.id, w]));
  const tops = workspaces.filter((w) => !w.parent || !byId.has(w.parent.id));
  const childrenOf = (id: string) => workspaces.filter((w) => w.parent?.id === id);
  const item = (w: SwitcherWorkspace, indent: boolean) => (
    <li key={w.id}>
      {/* Not prefetched: opening the list would prefetch every workspace in it at once (an MSP's
          customers among them), each a render of its overview's queries against the caller's request rate. */}
      <Link
        href={`/w/${w.slug}`}
        prefetch={false}
        aria-current={w.slug === current.slug ? "page" : undefined}
        className={`block truncate rounded-theme px-3 py-1.5 text-sm hover:bg-primary/10 aria-[current=page]:font-semibold aria-[current=page]:text-primary ${indent ? "pl-6" : ""}`}
      >
        {w.name}
      </Link>
    </li>
  );
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center justify-between gap-2 rounded-theme border border-muted/30 bg-background px-3 py-2 text-sm font-medium hover:border-primary">
        <span className="truncate">
          <span className="sr-only">Workspace: </span>
          {current.name}
        </span>
        <span aria-hidden className="text-muted group-open:rotate-180">
          ▾
        </span>
      </summary>
      <div className="absolute z-20 mt-1 w-full rounded-theme border border-muted/30 bg-surface p-1 shadow-lg">
        <ul>{tops.flatMap((w) => [item(w, false), ...childrenOf(w.id).map((c) => item(c, true))])}</ul>
        <Link
          href="/new"
          prefetch={false}
          className="mt-1 block rounded-theme border-t border-muted/20 px-3 py-1.5 text-sm text-primary"
        >
          + New workspace
        </Link>
      </div>
    </details>
  );
}
