// Every page of a public status page (the page, an incident, confirm and unsubscribe) opens with the
// workspace's logo: its white-label look (an uploaded logo, a hosted one, inherited from its MSP, or the
// deployment's), resolved by the root layout's getBranding for this request's slug or custom domain.
import { getBranding } from "@/lib/branding/current-branding";

export default async function StatusLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const branding = await getBranding();
  return (
    <>
      {/* A header landmark: outside one, the logo was content no landmark held (axe's "region"). */}
      <header className="mx-auto w-full max-w-3xl px-4 pt-6 sm:px-6 sm:pt-8">
        {/* biome-ignore lint/performance/noImgElement: logos may be data: URIs, uploads or any https URL */}
        <img
          src={branding.logo}
          alt={branding.productName}
          height={32}
          className="h-8 w-auto max-w-48 object-contain"
          data-testid="status-logo"
        />
      </header>
      {children}
    </>
  );
}
