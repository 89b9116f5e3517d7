// Reads a request's JSON body within a size limit, as bytes: parsing it is the caller's (a 1 MB body is parsed on
// a worker thread, see live/prepareSession.ts). Whatever is refused is refused before it is parsed: a body of
// another type unread (415), one whose declared length is over the limit unread (413), one that streams past the
// limit as soon as it does (413). Those answers close the connection, so the rest of the body is never read.
import type { IncomingMessage } from "node:http";
import { HttpError } from "./respond.ts";

/** The answers that leave part of the body unread close the connection after them. */
const CLOSE = { connection: "close" } as const;

/** The request ended before its body did (the client went away): there is no one to answer. */
export class BodyAborted extends Error {
  override name = "BodyAborted";
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(
    413,
    "payload_too_large",
    `the request body is larger than this server accepts (${maxBytes.toLocaleString("en-US")} bytes): ` +
      "use fewer rows, fewer columns or shorter numbers",
    { headers: CLOSE },
  );
}

/** Throws the HttpError (415 or 413) that the request's headers alone earn, before any of its body is read. */
export function checkJsonHeaders(request: IncomingMessage, maxBytes: number): void {
  const type = request.headers["content-type"] ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, "unsupported_media_type", "send the body as JSON, with Content-Type: application/json", {
      headers: CLOSE,
    });
  }
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
}

/** The body's bytes, unparsed; throws an HttpError (415 or 413) or BodyAborted. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  checkJsonHeaders(request, maxBytes);

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("close", onAborted);
      request.off("error", onAborted);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        stop();
        request.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, received));
    };
    // "close" before "end": the connection went away mid-body.
    const onAborted = () => {
      stop();
      reject(new BodyAborted("the client went away before its body ended"));
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("close", onAborted);
    request.on("error", onAborted);
  });
}
