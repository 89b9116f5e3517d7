import type { Metadata } from "next";
import { HostDashboard } from "./_dashboard/HostDashboard.tsx";

export const metadata: Metadata = { title: "Live session · Downhill" };

export default async function HostSessionPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return <HostDashboard code={decodeURIComponent(code).toUpperCase()} />;
}
