// A CPU profile of the page's main thread over the streaming window (Chrome DevTools Protocol), written as a
// .cpuprofile that DevTools opens, and summarised as the script files and functions with the most self time.
import { writeFileSync } from "node:fs";
import type { CDPSession, Page } from "@playwright/test";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  /** Self time by script file (or "(program)", "(garbage collector)", "(idle)"), largest first. */
  readonly byFile: readonly { readonly name: string; readonly ms: number }[];
  readonly byFunction: readonly { readonly name: string; readonly ms: number }[];
}

export class CpuProfiler {
  private constructor(private readonly cdp: CDPSession) {}

  static async start(page: Page): Promise<CpuProfiler> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
    await cdp.send("Profiler.start");
    return new CpuProfiler(cdp);
  }

  /** Stops, writes the profile to `file` and summarises its self time. */
  async stop(file: string, top = 12): Promise<ProfileSummary> {
    const { profile } = (await this.cdp.send("Profiler.stop")) as unknown as { profile: Profile };
    writeFileSync(file, JSON.stringify(profile));
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const files = new Map<string, number>();
    const functions = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const frame = byId.get(id)?.callFrame;
      if (!frame) return;
      total += ms;
      const fileName = frame.url ? (frame.url.split("/").at(-1) ?? frame.url) : frame.functionName;
      files.set(fileName, (files.get(fileName) ?? 0) + ms);
      const fn = `${frame.functionName || "(anonymous)"} ${fileName}:${frame.lineNumber + 1}`;
      functions.set(fn, (functions.get(fn) ?? 0) + ms);
    });
    const ranked = (map: Map<string, number>) =>
      [...map]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([name, ms]) => ({ name, ms: Math.round(ms) }));
    return { file, totalMs: Math.round(total), byFile: ranked(files), byFunction: ranked(functions) };
  }
}
