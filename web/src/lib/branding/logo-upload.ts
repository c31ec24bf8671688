// What the logo upload (components/setup/logo-upload.tsx) checks before sending a file: the API decides
// (type from the magic bytes, size, dimensions: api/src/branding/logo.service.ts), this only saves a
// round trip for what is plainly wrong. Pure, so node:test checks it.

export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_ACCEPT = "image/png,image/jpeg,image/webp,image/gif";

/** Why a chosen file cannot be a logo, or null when the API may judge it. */
export function logoFileProblem(file: { name: string; type: string; size: number }): string | null {
  if (file.type === "image/svg+xml" || /\.svgz?$/i.test(file.name))
    return "SVG is not accepted (it can carry scripts): export the logo as PNG.";
  if (file.size === 0) return "The file is empty.";
  if (file.size > LOGO_MAX_BYTES)
    return `The file is ${Math.ceil(file.size / 1024)} KiB; a logo may be at most ${LOGO_MAX_BYTES / 1024} KiB.`;
  return null;
}
