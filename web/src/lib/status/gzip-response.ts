// Gzip for cached status pages. A cached page differs per response in its CSP nonce, so each
// response is compressed on its own. Cutting the page at its nonces and deflating the pieces once
// per render, then splicing each response's nonce between them, was measured first and dropped:
// pieces deflated apart share no history, so a 9 KB page came out 4.6 KB instead of 2.7 KB, and
// the splicing (the nonce's deflate, a CRC pass, the copy) cost about what deflating the whole
// page does (62 µs against 80 µs here). Level 1, in libuv's thread pool so the event loop serves
// other requests meanwhile; still the response's largest cost for a large page (`npm run
// bench:status` prints req/s and bytes with and without it).
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipAsync = promisify(gzip);
export const gzipped = (body: string): Promise<Buffer> => gzipAsync(body, { level: 1 });

/** Whether a request's Accept-Encoding takes gzip: named, or by `*`, and not refused with q=0 (which wins over `*`). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(",") : (header ?? "");
  const quality = new Map<string, number>();
  for (const part of value.split(",")) {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (coding.trim()) quality.set(coding.trim(), q === undefined ? 1 : Number(q));
  }
  const q = quality.get("gzip") ?? quality.get("*");
  return q !== undefined && q > 0;
}
