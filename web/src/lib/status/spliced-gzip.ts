// Gzip for cached status pages without compressing each response. A cached page differs per
// response only in its CSP nonce, so the page is cut at the nonce once per render and each piece
// deflated on its own (raw DEFLATE ending in a full flush: byte-aligned, non-final blocks, no
// reference to anything before). A response is then those pieces with its own nonce's few
// bytes deflated between them, one empty final block, and gzip's header and trailer (CRC-32 and
// length of the whole text). DEFLATE blocks may follow one another from different compressor runs:
// what a decoder sees is one valid stream. The per-response work is the nonce's deflate and one
// CRC pass over the text (native), not the page's compression. Pure, for node:test.
import { constants, crc32, deflateRawSync } from "node:zlib";

export interface GzipSplice {
  /** The page's text between nonces, as bytes (for the CRC and length). */
  readonly texts: readonly Buffer[];
  /** The same pieces, each deflated on its own. */
  readonly deflated: readonly Buffer[];
}

const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty final block (BFINAL=1, fixed Huffman, end-of-block code). */
const FINAL = Buffer.from([0x03, 0x00]);
const flushed = (bytes: Buffer) => deflateRawSync(bytes, { finishFlush: constants.Z_FULL_FLUSH });

/** The page cut at every `token` (its nonce) and each piece deflated: once per render. */
export function prepareSplice(body: string, token: string): GzipSplice {
  const texts = body.split(token).map((piece) => Buffer.from(piece, "utf8"));
  return { texts, deflated: texts.map(flushed) };
}

/** The page with `token` in every place the nonce was, gzip-encoded. */
export function splicedGzip(splice: GzipSplice, token: string): Buffer {
  const tokenText = Buffer.from(token, "utf8");
  const tokenDeflated = deflateRawSync(tokenText, { finishFlush: constants.Z_FULL_FLUSH, level: 0 });
  const out: Buffer[] = [HEADER];
  let crc = 0;
  let length = 0;
  splice.texts.forEach((text, i) => {
    if (i > 0 && tokenText.length > 0) {
      out.push(tokenDeflated);
      crc = crc32(tokenText, crc);
      length += tokenText.length;
    }
    out.push(splice.deflated[i] as Buffer);
    // Not for an empty piece: zlib's crc32 of no bytes answers 0, not the running value.
    if (text.length > 0) crc = crc32(text, crc);
    length += text.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length >>> 0, 4);
  out.push(FINAL, trailer);
  return Buffer.concat(out);
}

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
