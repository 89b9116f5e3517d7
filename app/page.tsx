export default function HomePage() {
  return (
    <main className="page">
      <h1>Downhill</h1>
      <p>
        A whole class races down the same loss surface. Each student picks a learning rate, an optimizer and a batch
        size, and watches their own gradient descent run live next to everyone else&apos;s.
      </p>
    </main>
  );
}
