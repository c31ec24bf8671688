import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { CSSProperties, ReactNode } from "react";
import { getDarkTheme, getTheme } from "@/lib/theme/current-theme";
import { parseScheme, SCHEME_COOKIE } from "@/lib/theme/scheme";
import { darkThemeStyle, themeStyle } from "@/lib/theme/theme-css";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const theme = await getTheme();
  return {
    title: { default: theme.name, template: `%s · ${theme.name}` },
    icons: { icon: theme.logo },
  };
}

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  const [theme, dark, jar] = await Promise.all([getTheme(), getDarkTheme(), cookies()]);
  const scheme = parseScheme(jar.get(SCHEME_COOKIE)?.value);
  const style = { ...themeStyle(theme), ...darkThemeStyle(dark) } as CSSProperties;
  return (
    <html lang="en" style={style} className={scheme === "system" ? undefined : scheme}>
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
