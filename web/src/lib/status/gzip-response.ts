// Gzip for cached status pages. A cached page differs per response in its CSP nonce, so each
// response is compressed on its own. Cutting the page at its nonces and deflating the pieces once
// per render, then splicing each response's nonce between them, was measured first and dropped:
// pieces deflated apart share no history, so a 9 KB page came out 4.6 KB instead of 2.7 KB, and
// the splicing (the nonce's deflate, a CRC pass, the copy) cost about what deflating the whole
// page does (62 µs against 80 µs here). Level 6: 1.0–1.4 ms for a 66 KB page on this loaded
// machine, a few tens of µs for a typical page; `npm run bench:status` prints both ways.
import { gzipSync } from "node:zlib";

export const gzipped = (body: string): Buffer => gzipSync(body, { level: 6 });

/** Whether a request's Accept-Encoding takes gzip (not refused with q=0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(",") : (header ?? "");
  return value.split(",").some((part) => {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    if (coding.trim() !== "gzip" && coding.trim() !== "*") return false;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return q === undefined || Number(q) > 0;
  });
}
