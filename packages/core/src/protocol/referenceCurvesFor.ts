import type { ReferenceCurve } from "../training/referenceRuns.ts";
import type { ReferencesView } from "./views.ts";

const NONE: readonly ReferenceCurve[] = [];

/**
 * The reference curves a page draws beside the state it shows: only those of the same session and round. A socket
 * that followed the host into another round may still hold (or, from an older server, receive) the last round's.
 */
export function referenceCurvesFor(
  references: ReferencesView | null,
  state: { readonly sessionId: string; readonly round: number },
): readonly ReferenceCurve[] {
  if (!references || references.sessionId !== state.sessionId || references.round !== state.round) return NONE;
  return references.curves;
}
