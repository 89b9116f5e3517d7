"use client";
// The read-only link an instructor can hand out: anyone with it sees this session's results, nothing else.
import { useEffect, useState } from "react";
import { Button } from "../../components/ui/Button.tsx";

export function ShareBox({ sessionId, shareToken }: { sessionId: string; shareToken: string }) {
  const [origin, setOrigin] = useState("");
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => setOrigin(window.location.origin), []);
  const url = `${origin}/sessions/${sessionId}?share=${encodeURIComponent(shareToken)}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Link copied.");
    } catch {
      setCopied("Copying is blocked here: select the link and copy it by hand.");
    }
  }

  return (
    <div className="share">
      <label htmlFor="share-link" className="field__label">
        Read-only link to these results
      </label>
      <div className="share__row">
        <input
          id="share-link"
          type="text"
          readOnly
          value={url}
          data-testid="share-link"
          onFocus={(e) => e.target.select()}
        />
        <Button onClick={() => void copy()}>Copy</Button>
      </div>
      <p className="field__hint" aria-live="polite">
        {copied ?? "Anyone with this link can see the results, with names as the session showed them."}
      </p>
    </div>
  );
}
