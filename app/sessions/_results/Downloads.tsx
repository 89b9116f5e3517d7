"use client";
// The exports. The instructor's key travels in a header, never in a URL, so those downloads are fetched and
// saved through a Blob; a read-only viewer gets plain links carrying the share token.
import { useState } from "react";
import { Button } from "../../components/ui/Button.tsx";
import { apiUrl, download, type Access } from "./api.ts";

const EXPORTS = [
  { file: "export.csv", label: "Runs (CSV)", testId: "download-csv", suffix: "-runs.csv" },
  { file: "curves.csv", label: "Loss curves (CSV)", testId: "download-curves", suffix: "-curves.csv" },
  { file: "export.json", label: "Everything (JSON)", testId: "download-json", suffix: ".json" },
] as const;

export function Downloads({
  sessionId,
  code,
  access,
  round,
}: {
  sessionId: string;
  code: string;
  access: Access;
  /** The round shown, for a session of several rounds: its exports are that round's. */
  round?: number;
}) {
  const name = round === undefined ? `downhill-${code}` : `downhill-${code}-round${round}`;
  const [message, setMessage] = useState<string | null>(null);
  const path = (file: string) => `/api/sessions/${sessionId}/${file}`;

  return (
    <div className="downloads">
      <ul className="downloads__list">
        {EXPORTS.map((item) => (
          <li key={item.file}>
            {access.key ? (
              <Button
                data-testid={item.testId}
                onClick={() => {
                  setMessage(null);
                  void download(path(item.file), `${name}${item.suffix}`, access, round).then((error) =>
                    setMessage(error ? `${item.label}: ${error}` : null),
                  );
                }}
              >
                Download {item.label}
              </Button>
            ) : (
              <a
                className="btn btn--secondary"
                href={apiUrl(path(item.file), access, round)}
                download
                data-testid={item.testId}
              >
                Download {item.label}
              </a>
            )}
          </li>
        ))}
      </ul>
      <div aria-live="assertive">{message ? <p className="status status--error">{message}</p> : null}</div>
    </div>
  );
}
