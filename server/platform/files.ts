import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Where uploaded files live. The embedded default is a directory under DATA_DIR; several app
 * processes over one PostgreSQL share a directory (NFS or similar) via UPLOADS_DIR, and an object
 * store would be another implementation of this interface.
 */
export interface FileStore {
  /** Stores a stream under `key` (e.g. `meetings/<id>/<uuid>`); resolves with its size and sha256. */
  put(key: string, body: AsyncIterable<Uint8Array> | Uint8Array): Promise<{ size: number; sha256: string }>;
  /** The stored bytes as a stream; rejects with NOT_FOUND semantics (`null`) when absent. */
  get(key: string): Promise<Readable | null>;
  remove(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/** A FileStore on a local (or shared, mounted) directory; writes land atomically via rename. */
export function localFileStore(root: string): FileStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    if (!KEY.test(key) || key.includes("..")) throw new RangeError("invalid file key");
    const p = resolve(base, key);
    if (!p.startsWith(base + sep)) throw new RangeError("invalid file key");
    return p;
  };
  return {
    async put(key, body) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const tmp = join(dirname(target), `.${randomUUID()}.part`);
      const hash = createHash("sha256");
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          size += chunk.length;
          hash.update(chunk);
          cb(null, chunk);
        },
      });
      const source = body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : Readable.from(body);
      try {
        await pipeline(source, meter, createWriteStream(tmp, { mode: 0o600 }));
        await rename(tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return { size, sha256: hash.digest("hex") };
    },
    async get(key) {
      const p = pathOf(key);
      try {
        await stat(p);
      } catch {
        return null;
      }
      return createReadStream(p);
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
