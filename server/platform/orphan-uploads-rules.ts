/**
 * Which files in the uploads directory the orphan sweep may delete (pure; the walk, the database
 * and the deletes are in orphan-uploads.ts). Uploads are written before their row commits, so a
 * crash in between leaves a file no row names; these rules find such files without ever touching
 * one that is still being uploaded or one the sweep does not know how to check.
 */

/** The top-level folders whose files a table row names (see orphan-uploads.ts for the tables). */
export const UPLOAD_OWNERS = ["appeals", "meetings", "rating-evidence", "imports"] as const;
export type UploadOwner = (typeof UPLOAD_OWNERS)[number];

/** A file as the walk finds it: its key (path under the uploads dir, `/`-separated) and mtime. */
export interface StoredFile {
  key: string;
  mtimeMs: number;
}

/**
 * - `young`: written within the grace period, possibly an upload whose row is not committed yet;
 * - `partial`: an old temporary file of an interrupted write (FileStore.put's `.<uuid>.part`),
 *   which no row can name;
 * - `unknown`: outside the folders the sweep can check against the database; kept;
 * - `check`: old enough, to be deleted unless a row names it.
 */
export type Verdict = "young" | "partial" | "unknown" | "check";

const PARTIAL = /^\.[0-9a-f-]{36}\.part$/;

export function ownerOf(key: string): UploadOwner | null {
  const top = key.split("/")[0] ?? "";
  return (UPLOAD_OWNERS as readonly string[]).includes(top) && key.includes("/") ? (top as UploadOwner) : null;
}

export function classify(file: StoredFile, nowMs: number, graceMs: number): Verdict {
  // A file dated in the future (clock skew between app hosts and the shared store) counts as young.
  if (nowMs - file.mtimeMs < graceMs) return "young";
  if (PARTIAL.test(file.key.split("/").pop() ?? "")) return "partial";
  return ownerOf(file.key) ? "check" : "unknown";
}

/** The checked keys no row names: the ones to delete. */
export function orphans(checked: readonly string[], referenced: ReadonlySet<string>): string[] {
  return checked.filter((k) => !referenced.has(k));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The job an import's error workbook (`imports/<jobId>/errors.xlsx.enc`) belongs to, if well-formed. */
export function importJobId(key: string): string | null {
  const [top, id] = key.split("/");
  return top === "imports" && id && UUID.test(id) ? id.toLowerCase() : null;
}
