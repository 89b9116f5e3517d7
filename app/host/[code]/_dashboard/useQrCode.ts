"use client";
// A QR code of a URL as a data URL of an SVG: crisp at any projector size, and no image optimization needed.
import { useEffect, useState } from "react";
import QRCode from "qrcode";

/** The QR code of `url` (null while it is drawn, when it cannot be, or without a URL). */
export function useQrCode(url: string | null): string | null {
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return undefined;
    let live = true;
    QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" })
      .then((svg) => {
        if (live) setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        if (live) setQr(null);
      });
    return () => {
      live = false;
    };
  }, [url]);
  return qr;
}
