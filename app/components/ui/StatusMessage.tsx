// A polite live region for status and error messages, so screen readers hear what changed.
import type { ReactNode } from "react";

export function StatusMessage({
  tone = "info",
  children,
  testId,
}: {
  tone?: "info" | "error" | "success";
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      className={`status status--${tone}`}
      role={tone === "error" ? "alert" : "status"}
      aria-live={tone === "error" ? "assertive" : "polite"}
      data-testid={testId}
    >
      {children}
    </div>
  );
}
