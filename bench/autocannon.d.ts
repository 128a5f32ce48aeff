// The parts of autocannon 9 the benchmarks use (the package ships no types).
declare module "autocannon" {
  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    max: number;
    total: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    duration: number;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeout?: number;
    /** Per-request hooks (setupRequest may rewrite each request before it is sent). */
    requests?: { setupRequest?: (req: { headers?: Record<string, string> }, context: Record<string, unknown>) => { headers?: Record<string, string> } }[];
  }
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
