// The checkpoint of a student's unfinished run, as localStorage keeps it between page loads. What is read back
// passes zod schemas (the wire's own for the run id, configuration and batches), after upgrading the shapes
// older versions of the page wrote, so a page deployed with a changed shape never resumes from garbage.
import { runConfigSchema, runIdSchema, runProgressPayload, type RunConfig, type TrainerSnapshot } from "@downhill/core";
import { z } from "zod";
import type { OutboxState } from "@downhill/client";
import { SPEEDS, type Speed } from "./pacing.ts";

const loss = z.number().nullable();

/** A Trainer's snapshot (TrainerSnapshot in packages/core), as JSON keeps it. */
const trainerSnapshotSchema = z.object({
  epoch: z.number().int().min(0),
  params: z.array(z.number()),
  optimizer: z.object({ step: z.number().int().min(0), buffers: z.record(z.string(), z.array(z.number())) }),
  random: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  losses: z.array(loss),
  status: z.enum(["running", "finished", "diverged"]),
  divergedAt: z.number().int().min(0).nullable(),
});

export const checkpointSchema = z.object({
  runId: runIdSchema,
  config: runConfigSchema,
  snapshot: trainerSnapshotSchema.nullable(),
  outbox: z.object({
    losses: z.array(loss),
    ackedSeq: z.number().int().min(0),
    ackedEpochs: z.number().int().min(0),
    batches: z.array(runProgressPayload.omit({ runId: true })),
  }),
  userPaused: z.boolean(),
  speed: z.union(SPEEDS.map((speed) => z.literal(speed))).optional(),
});
/** What the page writes; the schema's output is checked against it where parseCheckpoint returns. */
export interface Checkpoint {
  readonly runId: string;
  readonly config: RunConfig;
  readonly snapshot: TrainerSnapshot | null;
  readonly outbox: OutboxState;
  readonly userPaused: boolean;
  /** Epochs per second: a reloaded page carries on at the pace the student chose. */
  readonly speed?: Speed;
}

/** Rewrites a checkpoint of one older shape into the next; returns anything else as it is. */
export type CheckpointUpgrade = (stored: unknown) => unknown;

/**
 * Upgrades of stored checkpoints, oldest first. When a change would make `checkpointSchema` refuse what pages
 * already stored (a renamed field, say), add the step that rewrites the old shape here.
 */
export const CHECKPOINT_UPGRADES: readonly CheckpointUpgrade[] = [];

/** The checkpoint in `json`, upgraded and checked; an error saying what is wrong when it does not pass. */
export function parseCheckpoint(
  json: string,
  upgrades: readonly CheckpointUpgrade[] = CHECKPOINT_UPGRADES,
): { ok: true; checkpoint: Checkpoint } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, error: "the stored checkpoint is not JSON" };
  }
  const parsed = checkpointSchema.safeParse(upgrades.reduce((value, upgrade) => upgrade(value), raw));
  if (parsed.success) return { ok: true, checkpoint: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `the stored checkpoint's ${issue?.path.join(".") || "shape"}: ${issue?.message}` };
}
