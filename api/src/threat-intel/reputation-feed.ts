import { parseRange } from "@levee/shared/cidr";
import { RangeTable } from "./ip-ranges.ts";

/** One reputation list, parsed from a feed file (format: threat-intel/README.md). */
export interface ReputationFeed {
  name: string;
  category: string;
  description: string | null;
  v4: RangeTable<number>;
  v6: RangeTable<bigint>;
  entries: number;
  /** Lines that were neither comments nor addresses. */
  invalidLines: number;
}

const HEADER = /^#\s*(name|category|description)\s*:\s*(.+?)\s*$/i;

/**
 * Parses a feed: one IPv4/IPv6 address, CIDR prefix or first-last range per line, anything
 * after whitespace, ";" or "#" is a note; "# name:", "# category:" and "# description:"
 * comment lines set the list's metadata. FireHOL .netset / .ipset files and Spamhaus DROP
 * lists read as they are.
 */
export function parseReputationFeed(text: string, fileName: string): ReputationFeed {
  const meta = {
    name: fileName.replace(/\.[^.]+$/, ""),
    category: "malicious",
    description: null as string | null,
  };
  const v4: { first: number; last: number; value: number }[] = [];
  const v6: { first: bigint; last: bigint; value: number }[] = [];
  let invalidLines = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("#")) {
      const header = HEADER.exec(line);
      if (header)
        meta[(header[1] as string).toLowerCase() as "name" | "category" | "description"] =
          header[2] as string;
      continue;
    }
    if (line === "" || line.startsWith(";")) continue;
    const token = line.split(/[\s;#,]/, 1)[0] as string;
    const range = parseRange(token);
    if (!range) {
      invalidLines++;
      continue;
    }
    if (range.version === 4) v4.push({ first: Number(range.first), last: Number(range.last), value: 0 });
    else v6.push({ first: range.first, last: range.last, value: 0 });
  }
  return {
    ...meta,
    v4: new RangeTable(v4),
    v6: new RangeTable(v6),
    entries: v4.length + v6.length,
    invalidLines,
  };
}
