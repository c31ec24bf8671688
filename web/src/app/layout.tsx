import type { Metadata } from "next";
import type { CSSProperties, ReactNode } from "react";
import { getTheme } from "@/lib/theme/current-theme";
import { themeStyle } from "@/lib/theme/theme-css";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const theme = await getTheme();
  return {
    title: { default: theme.name, template: `%s · ${theme.name}` },
    icons: { icon: theme.logo },
  };
}

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  const theme = await getTheme();
  return (
    <html lang="en" style={themeStyle(theme) as CSSProperties}>
      <body className="min-h-screen">
        <main className="mx-auto flex max-w-2xl flex-col gap-6 px-6 py-12">{children}</main>
      </body>
    </html>
  );
}
