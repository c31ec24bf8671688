import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/feedback";
import { StatusPill } from "@/components/ui/status-pill";
import { tableBoxClass, tableClass, tdClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import type { CustomerWorkspacesQuery } from "@/lib/graphql/generated/graphql";
import type { NodeHealth } from "@/lib/nodes/node-health";

/** A customer with every one of its nodes counted by the API (a page of them would hide the rest). */
type Customer = CustomerWorkspacesQuery["workspace"]["children"]["edges"][number]["node"];
type NodeCounts = Customer["nodeCounts"];

/** The worst state among a customer's nodes, for the MSP's list. */
function customerHealth(n: NodeCounts): NodeHealth {
  if (n.underAttack > 0) return "UNDER_ATTACK";
  if (n.elevated > 0) return "ELEVATED";
  if (n.offline > 0) return "OFFLINE";
  if (n.pending === n.total) return "PENDING";
  return "ONLINE";
}

/**
 * MSP view: a page of customer workspaces with their nodes' live state (the page refreshes on their events);
 * `children` below the table (the links to other pages).
 */
export function CustomerList({
  customers,
  children,
}: Readonly<{ customers: readonly Customer[]; children?: ReactNode }>) {
  return (
    <Card title="Customer workspaces">
      {customers.length === 0 ? (
        <EmptyState title="No customers yet" />
      ) : (
        <div className={tableBoxClass}>
          <table className={tableClass}>
            <TableHead columns={["Customer", "State", "Nodes", "Online", "Under attack"]} />
            <tbody>
              {customers.map((c) => {
                const counts = c.nodeCounts;
                return (
                  <tr key={c.id}>
                    <td className={tdClass}>
                      {/* Not prefetched: each prefetch renders the customer's page on the server, queries to the API,
                          and 50 at once with the page's own were over the caller's request rate. */}
                      <Link href={`/w/${c.slug}`} prefetch={false} className="font-medium hover:text-primary">
                        {c.name}
                      </Link>
                    </td>
                    <td className={tdClass}>
                      <StatusPill health={customerHealth(counts)} />
                    </td>
                    <td className={`${tdClass} tabular-nums`}>{counts.total}</td>
                    <td className={`${tdClass} tabular-nums`}>{counts.online}</td>
                    <td className={`${tdClass} tabular-nums`}>{counts.underAttack}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {children}
    </Card>
  );
}
