import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/feedback";
import { StatusPill } from "@/components/ui/status-pill";
import { tableBoxClass, tableClass, tdClass, thClass } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table-head";
import type { NodeHealth } from "@/lib/nodes/node-health";

interface Customer {
  id: string;
  slug: string;
  name: string;
  nodes: { edges: ReadonlyArray<{ node: { status: string; detection: { state: string } } }> };
}

/** The worst state among a customer's nodes, for the MSP's list. */
function customerHealth(nodes: ReadonlyArray<{ status: string; detection: { state: string } }>): NodeHealth {
  if (nodes.some((n) => n.detection.state === "ATTACK")) return "UNDER_ATTACK";
  if (nodes.some((n) => n.detection.state === "ELEVATED")) return "ELEVATED";
  if (nodes.some((n) => n.status === "OFFLINE")) return "OFFLINE";
  if (nodes.length === 0 || nodes.every((n) => n.status === "PENDING")) return "PENDING";
  return "ONLINE";
}

/** MSP view: every customer workspace with its nodes' live state (the page refreshes on their events). */
export function CustomerList({ customers }: Readonly<{ customers: readonly Customer[] }>) {
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
                const nodes = c.nodes.edges.map((e) => e.node);
                return (
                  <tr key={c.id}>
                    <td className={tdClass}>
                      <Link href={`/w/${c.slug}`} className="font-medium hover:text-primary">
                        {c.name}
                      </Link>
                    </td>
                    <td className={tdClass}>
                      <StatusPill health={customerHealth(nodes)} />
                    </td>
                    <td className={`${tdClass} tabular-nums`}>{nodes.length}</td>
                    <td className={`${tdClass} tabular-nums`}>
                      {nodes.filter((n) => n.status === "ONLINE").length}
                    </td>
                    <td className={`${tdClass} tabular-nums`}>
                      {nodes.filter((n) => n.detection.state === "ATTACK").length}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
