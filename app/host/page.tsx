import type { Metadata } from "next";
import Link from "next/link";
import { ChallengeBuilder } from "./_builder/ChallengeBuilder.tsx";

export const metadata: Metadata = { title: "New session · Downhill" };

export default function HostPage() {
  return (
    <main className="page page--wide">
      <p className="breadcrumbs">
        <Link href="/">Downhill</Link> · <Link href="/sessions">Past sessions</Link>
      </p>
      <h1>Set a challenge</h1>
      <p className="lede">
        Pick the data, the model and the rules. Every student gets the same loss surface and the same epoch budget; only
        their learning rate, optimizer and batch size differ.
      </p>
      <ChallengeBuilder />
    </main>
  );
}
