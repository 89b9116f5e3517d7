import type { Loss } from "./Loss.ts";
import { bce } from "./bce.ts";
import { mse } from "./mse.ts";

/** Every loss by name: mean squared error for regression, binary cross-entropy on a logit for classification. */
export const losses = { mse, bce } as const satisfies Record<Loss["name"], Loss>;
