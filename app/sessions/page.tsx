import type { Metadata } from "next";
import Link from "next/link";
import { SessionList } from "./_results/SessionList.tsx";

export const metadata: Metadata = { title: "Past sessions · Downhill" };

export default function SessionsPage() {
  return (
    <main className="page">
      <p className="breadcrumbs">
        <Link href="/">Downhill</Link> · <Link href="/host">New session</Link>
      </p>
      <h1>Past sessions</h1>
      <SessionList />
    </main>
  );
}
