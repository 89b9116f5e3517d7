// The processes this bench started, read from Linux's /proc, to give the browser a scheduling priority: on a
// shared machine the page otherwise measures the other processes' load as much as its own work.
import { readdirSync, readFileSync } from "node:fs";
import { setPriority } from "node:os";

/** Pid and command name of every live descendant of `root`. */
export function descendants(root: number): { pid: number; comm: string }[] {
  const parentOf = new Map<number, { ppid: number; comm: string }>();
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      parentOf.set(pid, { ppid: Number(stat.slice(close + 2).split(" ")[1]), comm });
    } catch {
      // Gone meanwhile.
    }
  }
  const isBelow = (pid: number): boolean => {
    for (let at = parentOf.get(pid)?.ppid, hops = 0; at !== undefined && hops < 64; hops++) {
      if (at === root) return true;
      at = parentOf.get(at)?.ppid;
    }
    return false;
  };
  return [...parentOf].filter(([pid]) => isBelow(pid)).map(([pid, { comm }]) => ({ pid, comm }));
}

/** Sets the nice value of this process's Chromium descendants; returns how many it changed. */
export function reniceBrowser(nice: number): number {
  let changed = 0;
  for (const { pid, comm } of descendants(process.pid)) {
    if (!/chrom/i.test(comm)) continue;
    try {
      setPriority(pid, nice);
      changed++;
    } catch {
      // Not permitted (a negative value needs privileges) or gone.
    }
  }
  return changed;
}
