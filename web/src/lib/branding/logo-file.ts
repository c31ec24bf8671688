// The response of /branding/logo/<sha256> (src/app/branding/logo/[hash]/route.ts): an uploaded logo's
// file, as the API's public `brandingLogo(sha256)` answers it. The URL names the content, so the answer
// never changes and browsers and proxies keep it a year; the type is the one the API read from the file's
// magic bytes, and nosniff stops a browser from guessing another. Pure, so node:test checks it.

export const LOGO_HASH = /^[0-9a-f]{64}$/;

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif"]);

export function logoFileResponse(logo: { contentType: string; base64: string } | null | undefined): Response {
  if (!logo || !IMAGE_TYPES.has(logo.contentType)) return notFound();
  const bytes = Buffer.from(logo.base64, "base64");
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "content-type": logo.contentType,
      "content-length": String(bytes.length),
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      // An image, never a document: nothing in it may run or load anything if opened on its own.
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}

export function notFound(status = 404, text = "Not found"): Response {
  return new Response(text, {
    status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
