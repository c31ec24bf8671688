import { createTenant, mutateOk, rawId, type Tenant } from "../fixtures.ts";
import type { TestApi } from "../harness.ts";
import type { BgpLab } from "./bgp-lab.ts";

/** Two workspaces (203.0.113.0/25 and .128/25) announcing through one GoBGP router. */
export async function twoTenants(api: TestApi, lab: BgpLab, name: string): Promise<[Tenant, Tenant]> {
  const tenants: Tenant[] = [];
  for (const [i, prefix] of ["203.0.113.0/25", "203.0.113.128/25"].entries()) {
    const t = await createTenant(api, `${name}${i}`);
    await mutateOk(
      api,
      t.owner,
      "updateNetworkMitigation",
      {
        workspaceId: t.workspaceId,
        prefixes: [prefix],
        speakers: [{ name: "edge", kind: "GOBGP", endpoint: `unix://${lab.path("gobgp.sock")}` }],
        announcementsPerMinute: 20,
      },
      "__typename",
    );
    tenants.push(t);
  }
  return tenants as [Tenant, Tenant];
}

/** The tenants' rules as stored, and how many are ANNOUNCED and PENDING. */
export async function rulesByState(api: TestApi, tenants: Tenant[]) {
  const rows = await api.server.services.database.prisma.networkMitigationRule.findMany({
    where: { workspaceId: { in: tenants.map((t) => rawId(t.workspaceId)) } },
  });
  const count = (state: string) => rows.filter((r) => r.state === state).length;
  return { announced: count("ANNOUNCED"), pending: count("PENDING"), rows };
}
