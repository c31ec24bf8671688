import type { ReactNode } from "react";
import { Brand } from "@/components/shell/brand";

export default function AuthLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-8 bg-background px-4 py-12">
      <Brand />
      <div className="w-full max-w-md rounded-theme border border-muted/20 bg-surface p-8 shadow-sm">
        {children}
      </div>
    </main>
  );
}
