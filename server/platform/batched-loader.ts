/**
 * Group commit for reads: `load(key)` calls that arrive while a fetch is running wait and are
 * answered together by the next one, ONE fetch of all their keys. The residents' intake looks
 * up each report's grid; on PGlite (one connection, in-process) a lookup cost ~1.3 ms of CPU
 * (planning three joins each time), most of it the same for 1 key or 50, and each was its own
 * statement queued behind the filing transaction. No I/O here: `fetch` is passed in.
 */
export type Fetch<K, V> = (keys: K[]) => Promise<ReadonlyMap<K, V>>;

interface Round<K, V> {
  keys: Map<K, { resolve: (v: V | undefined) => void; reject: (err: unknown) => void; promise: Promise<V | undefined> }>;
}

/**
 * A loader answering `undefined` for keys `fetch` did not return. Calls in the same turn of the
 * event loop (the requests parsed in one poll phase) join the same fetch; so do calls made while
 * a fetch is in flight. At most `maxKeys` keys a fetch (the rest wait for the next).
 */
export function batchedLoader<K, V>(fetch: Fetch<K, V>, maxKeys = 500): (key: K) => Promise<V | undefined> {
  let next: Round<K, V> = { keys: new Map() };
  let inFlight = false;
  let scheduled = false;
  const schedule = (): void => {
    if (inFlight || scheduled || next.keys.size === 0) return;
    scheduled = true;
    // setImmediate, not a microtask: the other requests of this poll phase join first.
    setImmediate(run);
  };
  const run = (): void => {
    scheduled = false;
    const all = [...next.keys];
    const taken = all.slice(0, maxKeys);
    next = { keys: new Map(all.slice(maxKeys)) };
    inFlight = true;
    const waiting = new Map(taken);
    fetch([...waiting.keys()])
      .then(
        (found) => {
          for (const [k, w] of waiting) w.resolve(found.get(k));
        },
        (err: unknown) => {
          for (const w of waiting.values()) w.reject(err);
        },
      )
      .finally(() => {
        inFlight = false;
        schedule();
      });
  };
  return (key) => {
    const waiting = next.keys.get(key);
    if (waiting) return waiting.promise;
    let resolve!: (v: V | undefined) => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<V | undefined>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    next.keys.set(key, { resolve, reject, promise });
    schedule();
    return promise;
  };
}
