import Link from "next/link";
import { HomeJoin } from "./play/HomeJoin.tsx";

export default function HomePage() {
  return (
    <main className="page descent-home">
      <h1>Downhill</h1>
      <p>
        Downhill is a live classroom race down the same loss surface: everyone trains the same model on the same data by
        gradient descent, each with their own learning rate, optimizer and batch size. You watch your loss fall (or
        explode) next to everyone else&apos;s, and the server checks every run by replaying it.
      </p>
      <section aria-labelledby="join-heading">
        <h2 id="join-heading">Join a session</h2>
        <HomeJoin />
      </section>
      <section aria-labelledby="host-heading">
        <h2 id="host-heading">Teaching?</h2>
        <p>
          <Link href="/host" className="descent-button descent-button--link">
            Host a session
          </Link>
        </p>
      </section>
    </main>
  );
}
