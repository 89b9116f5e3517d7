// Every progress batch a worker sent: who sent it, which run and epoch count it brings the run to, when it was
// sent and when its ack came back. Packed in one growing Float64Array, to cost little at 10,000 batches a second.
import { SAMPLE_FIELDS } from "./messages.ts";

export class SampleLog {
  private data = new Float64Array(SAMPLE_FIELDS * 65_536);
  private count = 0;

  /** Records a sent batch; returns its handle for `acked`. */
  add(studentIndex: number, attempt: number, epochsAfter: number, sentAt: number): number {
    if ((this.count + 1) * SAMPLE_FIELDS > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.count * SAMPLE_FIELDS;
    this.data[at] = studentIndex;
    this.data[at + 1] = attempt;
    this.data[at + 2] = epochsAfter;
    this.data[at + 3] = sentAt;
    this.data[at + 4] = 0;
    return this.count++;
  }

  acked(handle: number, ackAt: number): void {
    this.data[handle * SAMPLE_FIELDS + 4] = ackAt;
  }

  /** A copy of the samples recorded so far. */
  toArray(): Float64Array {
    return this.data.slice(0, this.count * SAMPLE_FIELDS);
  }
}
