// Predict, then run: before pressing Run the student may say what will come of it, for the learning rate they
// chose: whether it diverges, or the decade its final training loss lands in. Optional; the review page sets each
// prediction against its run's result. The words are core's (describePrediction).
import { describePrediction, PREDICTION_DECADES, type RunPrediction } from "@downhill/core";

const NONE = "none";
const DIVERGES = "diverges";

/** Every prediction offered: "it diverges", then each decade from the lowest loss up. */
const CHOICES: readonly RunPrediction[] = [
  { outcome: "diverges" },
  ...Array.from({ length: PREDICTION_DECADES.highest - PREDICTION_DECADES.lowest + 1 }, (_, i) => ({
    outcome: "finishes" as const,
    decade: PREDICTION_DECADES.lowest + i,
  })),
];

function valueOf(prediction: RunPrediction | null): string {
  if (!prediction) return NONE;
  return prediction.outcome === "diverges" ? DIVERGES : String(prediction.decade);
}

function predictionOf(value: string): RunPrediction | null {
  if (value === NONE) return null;
  return value === DIVERGES ? { outcome: "diverges" } : { outcome: "finishes", decade: Number(value) };
}

export function PredictionField({
  prediction,
  onChange,
  locked,
}: {
  prediction: RunPrediction | null;
  onChange: (next: RunPrediction | null) => void;
  /** A run is on: its prediction is already sent. */
  locked: boolean;
}) {
  return (
    <div className="descent-field descent-field--wide">
      <label htmlFor="run-prediction">Your prediction for this run (optional)</label>
      <select
        id="run-prediction"
        data-testid="prediction-select"
        value={valueOf(prediction)}
        disabled={locked}
        aria-describedby="run-prediction-hint"
        onChange={(event) => onChange(predictionOf(event.target.value))}
      >
        <option value={NONE}>No prediction</option>
        {CHOICES.map((choice) => (
          <option key={valueOf(choice)} value={valueOf(choice)}>
            {describePrediction(choice)}
          </option>
        ))}
      </select>
      <p className="descent-hint" id="run-prediction-hint">
        Say it before you press Run: your result will be set against it.
      </p>
    </div>
  );
}
