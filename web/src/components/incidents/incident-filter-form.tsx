import { NodePicker } from "@/components/nodes/node-picker";
import { buttonPrimary, buttonSecondary, inputClass, labelClass } from "@/components/ui/styles";
import { FAMILY_LABEL } from "@/lib/incidents/families";
import { type IncidentListFilters, SEVERITIES } from "@/lib/incidents/incident-filters";

/**
 * A plain GET form: filters go into the URL, so they can be shared. The node is found by typing (a workspace
 * may have thousands); without JavaScript the form keeps the node filter it has.
 */
export function IncidentFilterForm({
  action,
  filters,
  workspaceId,
  nodeName,
}: Readonly<{
  action: string;
  filters: IncidentListFilters;
  workspaceId: string;
  /** The filtered node's name, read by id. */
  nodeName: string | undefined;
}>) {
  return (
    <form
      action={action}
      method="get"
      className="grid grid-cols-2 items-end gap-3 md:grid-cols-3 xl:grid-cols-6"
    >
      <label className={labelClass}>
        Status
        <select name="status" defaultValue={filters.status ?? ""} className={inputClass}>
          <option value="">Any</option>
          <option value="OPEN">Open</option>
          <option value="RESOLVED">Resolved</option>
        </select>
      </label>
      <label className={labelClass}>
        Severity
        <select name="severity" defaultValue={filters.severities.join(",")} className={inputClass}>
          <option value="">Any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0) + s.slice(1).toLowerCase()}
            </option>
          ))}
          <option value="HIGH,CRITICAL">High or critical</option>
        </select>
      </label>
      <label className={labelClass}>
        Family
        <select name="family" defaultValue={filters.family ?? ""} className={inputClass}>
          <option value="">Any</option>
          {Object.entries(FAMILY_LABEL).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
          <option value="UNCLASSIFIED">Unclassified</option>
        </select>
      </label>
      <NodePicker
        id="incident-filter-node"
        workspaceId={workspaceId}
        label="Node"
        name="node"
        defaultValue={filters.nodeId ?? ""}
        knownName={nodeName}
        emptyChoice="Any"
      />
      <label className={labelClass}>
        Started
        <select name="since" defaultValue={filters.window ?? ""} className={inputClass}>
          <option value="">Any time</option>
          <option value="1h">Last hour</option>
          <option value="24h">Last 24 hours</option>
          <option value="7d">Last 7 days</option>
          <option value="30d">Last 30 days</option>
        </select>
      </label>
      <div className="flex gap-2">
        <button type="submit" className={buttonPrimary}>
          Apply
        </button>
        <a href={action} className={buttonSecondary}>
          Clear
        </a>
      </div>
    </form>
  );
}
