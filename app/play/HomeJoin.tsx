"use client";
// The home page's join form: goes to /play/CODE with the nickname in the address.
import { useRouter } from "next/navigation";
import { JoinForm } from "./JoinForm.tsx";

export function HomeJoin() {
  const router = useRouter();
  return (
    <JoinForm
      onJoin={({ code, name }) => router.push(`/play/${encodeURIComponent(code)}?name=${encodeURIComponent(name)}`)}
    />
  );
}
