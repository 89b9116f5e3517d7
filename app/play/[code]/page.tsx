import type { Metadata } from "next";
import { StudentPage } from "../StudentPage.tsx";

export const metadata: Metadata = { title: "Downhill: play" };

export default async function PlayPage({
  params,
  searchParams,
}: {
  params: Promise<{ code: string }>;
  searchParams: Promise<{ name?: string | string[] }>;
}) {
  const { code } = await params;
  const { name } = await searchParams;
  const initialName = (Array.isArray(name) ? name[0] : name)?.trim() || null;
  const joinCode = decodeURIComponent(code).toUpperCase();
  // Keyed on the code: another code (a typo corrected) is another session, with nothing carried over.
  return <StudentPage key={joinCode} code={joinCode} initialName={initialName} />;
}
