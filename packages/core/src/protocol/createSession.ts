// Creating a session is an HTTP request, not a socket event: `POST /api/sessions` with this body as JSON, and the
// instructor's key, when the browser has one, as `Authorization: Bearer <key>`. An uploaded CSV makes the body up
// to about 1.1 MB, which the server can then refuse by its size and its sender's rate before reading it.
import { z } from "zod";
import { challengeSchema } from "./challenge.ts";

/** Where a client creates a session. */
export const CREATE_SESSION_PATH = "/api/sessions";

/** The body of `POST /api/sessions`. */
export const createSessionBody = z.object({ challenge: challengeSchema });
export type CreateSessionBody = z.input<typeof createSessionBody>;
