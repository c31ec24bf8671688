import { readFile } from "node:fs/promises";
import { parseRange } from "@levee/shared/cidr";
import { CompactRanges } from "./compact-ranges.ts";
import type { IpKey } from "./ip-ranges.ts";

export interface GeoInfo {
  /** ISO 3166 alpha-2 country code, or null when only the AS is known. */
  country: string | null;
  asn: number | null;
  asOrg: string | null;
}

/** The files of an offline geo/ASN database in ip-location-db's CSV format (see threat-intel/README.md). */
export interface GeoFiles {
  country: string[];
  asn: string[];
}

interface Table {
  v4: CompactRanges;
  v6: CompactRanges;
}

/** Country and AS of an address from offline range tables; no network access. */
export class GeoDatabase {
  private constructor(
    private readonly countries: Table,
    private readonly countryCodes: string[],
    private readonly asns: Table,
    private readonly asNumbers: Uint32Array,
    private readonly asOrgIds: Uint32Array,
    private readonly orgs: string[],
  ) {}

  static async load(files: GeoFiles): Promise<GeoDatabase> {
    const codes = new Interner();
    const orgs = new Interner();
    const asPairs = new Interner();
    const countries = await loadTable(files.country, (fields) => codes.id(fields[0] ?? ""));
    // An AS row is (number, organisation): intern the pair, so repeated ASes share one row.
    const asns = await loadTable(files.asn, (fields) =>
      asPairs.id(`${fields[0]}\t${orgs.id(fields[1] ?? "")}`),
    );
    const asNumbers = new Uint32Array(asPairs.values.length);
    const asOrgIds = new Uint32Array(asPairs.values.length);
    asPairs.values.forEach((pair, i) => {
      const [asn = "0", org = "0"] = pair.split("\t");
      asNumbers[i] = Number(asn);
      asOrgIds[i] = Number(org);
    });
    return new GeoDatabase(countries, codes.values, asns, asNumbers, asOrgIds, orgs.values);
  }

  get ranges(): number {
    return this.countries.v4.size + this.countries.v6.size + this.asns.v4.size + this.asns.v6.size;
  }

  lookup(key: IpKey): GeoInfo | null {
    const find = (table: Table) => (key.version === 4 ? table.v4.find(key.value) : table.v6.find(key.value));
    const country = find(this.countries);
    const as = find(this.asns);
    if (country < 0 && as < 0) return null;
    return {
      country: country < 0 ? null : (this.countryCodes[country] ?? null),
      asn: as < 0 ? null : (this.asNumbers[as] ?? null),
      asOrg: as < 0 ? null : this.orgs[this.asOrgIds[as] ?? 0] || null,
    };
  }
}

/** Reads `first,last,field…` rows (addresses as text or decimal numbers) into range tables. */
async function loadTable(paths: string[], value: (fields: string[]) => number): Promise<Table> {
  const v4 = new CompactRanges(4);
  const v6 = new CompactRanges(6);
  for (const path of paths) {
    const text = await readFile(path, "utf8");
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const fields = splitCsv(text.slice(start, end).trim());
      start = end + 1;
      const first = parseRange(fields[0] ?? "");
      const last = parseRange(fields[1] ?? "");
      if (!first || !last || first.version !== last.version) continue;
      (first.version === 4 ? v4 : v6).add(first.first, last.last, value(fields.slice(2)));
    }
  }
  return { v4: v4.finish(), v6: v6.finish() };
}

/** Splits one CSV line; double-quoted fields may hold commas ("Cloudflare, Inc."). */
export function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields;
}

class Interner {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}
