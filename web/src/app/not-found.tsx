import Link from "next/link";
import { BrandHeader } from "@/components/brand-header";
import { Card } from "@/components/card";

export default function NotFound() {
  return (
    <>
      <BrandHeader />
      <Card title="Not found">
        <p className="mb-4">There is no page at this address.</p>
        <Link href="/" className="text-primary underline underline-offset-4">
          Back to the overview
        </Link>
      </Card>
    </>
  );
}
