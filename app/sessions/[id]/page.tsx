import type { Metadata } from "next";
import Link from "next/link";
import { ResultsView } from "../_results/ResultsView.tsx";

export const metadata: Metadata = { title: "Session results · Downhill" };

export default async function SessionResultsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const { share } = await searchParams;
  return (
    <main className="page page--wide">
      <p className="breadcrumbs">
        <Link href="/">Downhill</Link> · <Link href="/sessions">Past sessions</Link>
      </p>
      <ResultsView sessionId={id} share={typeof share === "string" ? share : null} />
    </main>
  );
}
