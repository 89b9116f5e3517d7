"use client";
// What the back row needs to join: the code in letters a projector cannot blur, the URL, and a QR code of it.
// A URL that names this computer (localhost) opens nothing on a student's phone: the panel says so and offers the
// computer's network addresses, which the server listed, to show instead.
import type { JoinReach } from "@downhill/core";
import { useQrCode } from "./useQrCode.ts";

function JoinReachWarning({
  joinUrl,
  joinReach,
  onUse,
}: {
  joinUrl: string;
  joinReach: JoinReach;
  onUse: (url: string) => void;
}) {
  const host = new URL(joinUrl).host;
  return (
    <div className="join__warning status status--error" data-testid="join-reach-warning">
      <p>
        <strong>Students cannot open this address:</strong> {host} is this computer only.
      </p>
      {joinReach.lanJoinUrls.length > 0 ? (
        <>
          <p>Show this computer&apos;s address on the classroom network instead:</p>
          <div className="join__lan">
            {joinReach.lanJoinUrls.map((url) => (
              <button
                key={url}
                type="button"
                className="btn btn--small btn--primary"
                data-testid="join-use-lan"
                onClick={() => onUse(url)}
              >
                Use {new URL(url).host}
              </button>
            ))}
          </div>
          <p className="field__hint">
            Students need to be on the same network. If they still cannot open it, start the server with PUBLIC_URL set
            to an address they can reach.
          </p>
        </>
      ) : (
        <p>
          The server found no network address students could reach it at. Start it with HOST=0.0.0.0 on the classroom
          network, or with PUBLIC_URL set to an address students can reach.
        </p>
      )}
    </div>
  );
}

export function JoinPanel({
  code,
  joinUrl,
  joinReach,
  lanUrl,
  onLanUrl,
}: {
  code: string;
  joinUrl: string | null;
  joinReach: JoinReach | null;
  /** The LAN address the instructor chose to show in place of a local join URL (kept by the dashboard). */
  lanUrl: string | null;
  onLanUrl: (url: string | null) => void;
}) {
  const shownUrl = lanUrl ?? joinUrl;
  const qr = useQrCode(shownUrl);

  return (
    <section className="join" aria-labelledby="join-title">
      <h2 id="join-title" className="join__title">
        Join at
      </h2>
      <p className="join__url" data-testid="join-url">
        {shownUrl ?? "…"}
      </p>
      {joinUrl && joinReach?.local && lanUrl === null ? (
        <JoinReachWarning joinUrl={joinUrl} joinReach={joinReach} onUse={onLanUrl} />
      ) : null}
      {joinUrl && lanUrl !== null ? (
        <p className="field__hint">
          Showing this computer&apos;s network address.{" "}
          <button type="button" className="btn btn--small" data-testid="join-use-local" onClick={() => onLanUrl(null)}>
            Show {new URL(joinUrl).host} again
          </button>
        </p>
      ) : null}
      <p className="join__code-label">with the code</p>
      <p className="join__code" data-testid="join-code" aria-label={`Join code ${code.split("").join(" ")}`}>
        {code}
      </p>
      {qr && shownUrl ? (
        <img className="join__qr" src={qr} alt={`QR code that opens ${shownUrl}`} data-testid="join-qr" />
      ) : null}
    </section>
  );
}
