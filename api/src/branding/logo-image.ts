// What an uploaded logo is, read from its own bytes: the type from the magic bytes (never the file name or
// the type the browser claims) and the dimensions from the header. PNG, JPEG, WebP and GIF only: an SVG
// is a document that can carry scripts and links, and no sanitiser here is trusted with it. Pure.

export type LogoType = "image/png" | "image/jpeg" | "image/webp" | "image/gif";

export interface LogoInfo {
  contentType: LogoType;
  width: number;
  height: number;
}

/** A file that is not an accepted logo, with the reason a person can act on. */
export class LogoFormatError extends Error {
  override name = "LogoFormatError";
}

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));

const startsWith = (bytes: Uint8Array, magic: readonly number[]) =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Type and dimensions, or LogoFormatError saying what is wrong. */
export function inspectLogo(bytes: Uint8Array): LogoInfo {
  if (bytes.length === 0) throw new LogoFormatError("is empty");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, PNG)) return png(bytes, view);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return jpeg(bytes, view);
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") {
    if (bytes.length < 13) throw new LogoFormatError("is a truncated GIF");
    return { contentType: "image/gif", width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return webp(bytes, view);
  if (looksLikeSvg(bytes))
    throw new LogoFormatError(
      "is an SVG, which is not accepted (it can carry scripts); upload a PNG (or JPEG, WebP or GIF)",
    );
  throw new LogoFormatError("is not a PNG, JPEG, WebP or GIF image");
}

function png(bytes: Uint8Array, view: DataView): LogoInfo {
  // The first chunk must be IHDR: length 13, then width and height (big-endian).
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== "IHDR") throw new LogoFormatError("is a truncated PNG");
  return { contentType: "image/png", width: view.getUint32(16), height: view.getUint32(20) };
}

function jpeg(bytes: Uint8Array, view: DataView): LogoInfo {
  // Walk the segments to the first start-of-frame (SOF0–SOF15 but DHT C4, JPG C8 and DAC CC).
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new LogoFormatError("is a damaged JPEG (no segment marker)");
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, or the scan before any frame
    const length = view.getUint16(at + 2);
    if (length < 2) throw new LogoFormatError("is a damaged JPEG (bad segment length)");
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > bytes.length) break;
      return { contentType: "image/jpeg", height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + length;
  }
  throw new LogoFormatError("is a truncated JPEG (no frame header)");
}

function webp(bytes: Uint8Array, view: DataView): LogoInfo {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8 " && bytes.length >= 30) {
    // Lossy: a key frame's start code, then 14-bit width and height (little-endian).
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a)
      throw new LogoFormatError("is a damaged WebP (no key frame)");
    return {
      contentType: "image/webp",
      width: view.getUint16(26, true) & 0x3fff,
      height: view.getUint16(28, true) & 0x3fff,
    };
  }
  if (chunk === "VP8L" && bytes.length >= 25) {
    // Lossless: signature 0x2f, then width-1 and height-1 in 14 bits each.
    if (bytes[20] !== 0x2f) throw new LogoFormatError("is a damaged WebP (bad lossless signature)");
    const bits = view.getUint32(21, true);
    return { contentType: "image/webp", width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X" && bytes.length >= 30) {
    // Extended: canvas width-1 and height-1, 24 bits each (little-endian).
    const u24 = (at: number) =>
      (bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16);
    return { contentType: "image/webp", width: u24(24) + 1, height: u24(27) + 1 };
  }
  throw new LogoFormatError("is a truncated or unknown WebP");
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder("utf-8", { fatal: false })
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  return (
    head.startsWith("<svg") ||
    (head.startsWith("<?xml") && head.includes("<svg")) ||
    head.startsWith("<!doctype svg")
  );
}
