/**
 * Reads a V8 .cpuprofile (node --cpu-prof, or CPU_PROFILE= of bench/intake-cpu.ts) or a sampling
 * .heapprofile (HEAP_PROFILE=) and prints where the busy time (or the allocated bytes) went: self
 * time grouped by package (node_modules/<pkg>), by our own file, node internals and V8's
 * pseudo-frames ((garbage collector), (program)), then the top functions. Idle time and the
 * profiler's own `Profiler.stop` (`dispatch`) are left out of the shares.
 * Run: npx tsx bench/cpuprofile-summary.ts <file> [top=30]
 */
import { readFileSync } from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
}
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: cpuprofile-summary.ts <file> [top]");
const top = Number(topArg ?? 30);
const raw = JSON.parse(readFileSync(file, "utf8")) as CpuProfile | { head: HeapNode };

/** The group a frame's self cost is counted under. */
function group(f: CallFrame): string {
  const { url, functionName } = f;
  if (!url) return functionName.startsWith("(") ? functionName : `(native) ${functionName || "anonymous"}`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] ?? url;
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  const own = /\/(server|common|bench)\/(.*)$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

/** Self cost per frame: µs of samples (CPU profile) or bytes allocated (heap profile). */
const costs: [CallFrame, number][] = [];
if ("head" in raw) {
  const walk = (n: HeapNode): void => {
    costs.push([n.callFrame, n.selfSize]);
    n.children.forEach(walk);
  };
  walk(raw.head);
} else {
  const byId = new Map(raw.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  raw.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (raw.timeDeltas[i] ?? 0)));
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (n && n.callFrame.functionName !== "(idle)" && !(n.callFrame.functionName === "dispatch" && !n.callFrame.url)) costs.push([n.callFrame, us]);
  }
}
const heap = "head" in raw;
const groups = new Map<string, number>();
const fns = new Map<string, number>();
let total = 0;
for (const [f, c] of costs) {
  total += c;
  const g = group(f);
  groups.set(g, (groups.get(g) ?? 0) + c);
  const k = `${f.functionName || "anonymous"} (${g}:${f.lineNumber + 1})`;
  fns.set(k, (fns.get(k) ?? 0) + c);
}
const amount = (c: number) => (heap ? `${(c / 2 ** 20).toFixed(1).padStart(7)} MiB` : `${(c / 1000).toFixed(0).padStart(6)} ms`);
const line = (c: number) => `${((100 * c) / total).toFixed(1).padStart(5)} %  ${amount(c)}`;
console.log(`${heap ? "allocated" : "busy"} ${amount(total).trim()}\n\nself ${heap ? "bytes" : "time"} by package / file:`);
for (const [g, c] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${line(c)}  ${g}`);
console.log(`\nself ${heap ? "bytes" : "time"} by function:`);
for (const [k, c] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${line(c)}  ${k}`);
