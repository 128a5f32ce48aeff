import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

export class DataDirLockedError extends Error {}

/**
 * PGlite has no lock of its own and two processes writing one data directory corrupt it, so the
 * embedded database is guarded by DATA_DIR/zhenxing.lock holding the owner's pid. A lock left by
 * a process that no longer runs is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const file = join(dataDir, "zhenxing.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number.parseInt(readFileSync(file, "utf8"), 10);
      if (Number.isFinite(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(
          `Another zhenxing process (pid ${owner}) is using the embedded database in ${dataDir}. ` +
            `Stop it first, or point DATA_DIR elsewhere. (另一个 zhenxing 进程正在使用该数据目录。)`,
        );
      }
      if (owner === process.pid) {
        throw new DataDirLockedError(`This process already has the embedded database in ${dataDir} open.`);
      }
      unlinkSync(file); // stale: its owner is gone
    }
  }
  throw new DataDirLockedError(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
