import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { CSSProperties, ReactNode } from "react";
import { brandingStyle, schemeClass, titleTemplate } from "@/lib/branding/branding";
import { getBranding } from "@/lib/branding/current-branding";
import { parseScheme, SCHEME_COOKIE } from "@/lib/theme/scheme";
import "./globals.css";

/** Titles and favicon are the tenant's (white label): "Nodes · Harbor Shield". */
export async function generateMetadata(): Promise<Metadata> {
  const branding = await getBranding();
  return { title: titleTemplate(branding), icons: { icon: branding.favicon } };
}

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  const [branding, jar] = await Promise.all([getBranding(), cookies()]);
  const scheme = parseScheme(jar.get(SCHEME_COOKIE)?.value);
  return (
    <html
      lang="en"
      style={brandingStyle(branding) as CSSProperties}
      className={schemeClass(scheme, branding)}
      data-theme={branding.theme}
    >
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
