"use client";
// What the back row needs to join: the code in letters a projector cannot blur, the URL, and a QR code of it.
import { useEffect, useState } from "react";
import QRCode from "qrcode";

export function JoinPanel({ code, joinUrl }: { code: string; joinUrl: string | null }) {
  const [qr, setQr] = useState<string | null>(null);

  useEffect(() => {
    if (!joinUrl) return undefined;
    let live = true;
    QRCode.toString(joinUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" })
      .then((svg) => {
        if (live) setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        if (live) setQr(null);
      });
    return () => {
      live = false;
    };
  }, [joinUrl]);

  return (
    <section className="join" aria-labelledby="join-title">
      <h2 id="join-title" className="join__title">
        Join at
      </h2>
      <p className="join__url" data-testid="join-url">
        {joinUrl ?? "…"}
      </p>
      <p className="join__code-label">with the code</p>
      <p className="join__code" data-testid="join-code" aria-label={`Join code ${code.split("").join(" ")}`}>
        {code}
      </p>
      {qr && joinUrl ? (
        // A data URL of an SVG: crisp at any projector size, and no image optimization needed.
        <img className="join__qr" src={qr} alt={`QR code that opens ${joinUrl}`} data-testid="join-qr" />
      ) : null}
    </section>
  );
}
