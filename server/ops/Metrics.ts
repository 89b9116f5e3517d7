// What an operator scrapes from GET /metrics, in Prometheus's text format (prom-client). Each process has its own
// registry, so two apps in one test process do not share counters.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Where a gauge reads its current value when Prometheus scrapes. */
export interface MetricSources {
  readonly connectedSockets: () => number;
  readonly liveSessions: () => number;
  /** Replays waiting for a worker of the verification pool. */
  readonly replaysWaiting: () => number;
  /** Replays running on a worker now. */
  readonly replaysRunning: () => number;
}

export class Metrics {
  readonly registry = new Registry();
  /** Acknowledgements sent, by event and outcome: Prometheus's rate() turns it into acks per second. */
  readonly acks = new Counter({
    name: "downhill_acks_total",
    help: "Acknowledgements sent, by event and outcome (ok or the error code).",
    labelNames: ["event", "outcome"] as const,
    registers: [this.registry],
  });
  /** From the event's arrival to its acknowledgement. */
  readonly ackLatency = new Histogram({
    name: "downhill_ack_latency_seconds",
    help: "Time from a client event's arrival to its acknowledgement.",
    labelNames: ["event"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  /** One group-committed transaction of progress batches or joins. */
  readonly commitLatency = new Histogram({
    name: "downhill_store_commit_seconds",
    help: "Duration of one group-committed store transaction, by what it writes.",
    labelNames: ["kind"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  /** From a replay's arrival in the verification queue to a worker taking it. */
  readonly replayWait = new Histogram({
    name: "downhill_replay_wait_seconds",
    help: "Time a run's replay waited in the verification queue for a worker.",
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  /** One replay on a worker, from the request to the result. */
  readonly replayDuration = new Histogram({
    name: "downhill_replay_seconds",
    help: "Time one replay of a run took on a worker of the verification pool.",
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    // Process CPU, memory, and the event loop's lag (nodejs_eventloop_lag_*), prefixed like ours.
    collectDefaultMetrics({ register: this.registry, prefix: "downhill_" });
    new Gauge({
      name: "downhill_connected_sockets",
      help: "Socket.IO connections open on this process.",
      registers: [this.registry],
      collect() {
        this.set(sources.connectedSockets());
      },
    });
    new Gauge({
      name: "downhill_live_sessions",
      help: "Sessions held in this process's memory.",
      registers: [this.registry],
      collect() {
        this.set(sources.liveSessions());
      },
    });
    new Gauge({
      name: "downhill_replay_queue_length",
      help: "Replays waiting for a worker of the verification pool.",
      registers: [this.registry],
      collect() {
        this.set(sources.replaysWaiting());
      },
    });
    new Gauge({
      name: "downhill_replays_running",
      help: "Replays running on a worker of the verification pool now.",
      registers: [this.registry],
      collect() {
        this.set(sources.replaysRunning());
      },
    });
  }

  /** The whole registry in the text exposition format. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
