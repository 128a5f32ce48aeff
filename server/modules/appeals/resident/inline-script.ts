/**
 * The residents' page's small script, inlined so the page is one response (on rural 3G every
 * request pays the latency again). CSP still forbids inline script in general: only this exact
 * text runs, allowed by its SHA-256 hash, computed once at start-up from the file itself.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** public/app.js as shipped; it must never contain `</script`. */
export const INLINE_SCRIPT = readFileSync(join(import.meta.dirname, "public", "app.js"), "utf8");
if (/<\/script/i.test(INLINE_SCRIPT)) throw new Error("public/app.js must not contain </script>");

/** The CSP source expression that allows exactly INLINE_SCRIPT. */
export const INLINE_SCRIPT_HASH = `'sha256-${createHash("sha256").update(INLINE_SCRIPT, "utf8").digest("base64")}'`;

/** The app's CSP with this script's hash added to script-src (everything else unchanged). */
export function cspWithScriptHash(policy: string): string {
  const directives = policy.split(";").map((d) => d.trim()).filter(Boolean);
  const i = directives.findIndex((d) => d.startsWith("script-src "));
  if (i >= 0) directives[i] = `${directives[i]} ${INLINE_SCRIPT_HASH}`;
  else directives.push(`script-src 'self' ${INLINE_SCRIPT_HASH}`);
  return directives.join(";");
}
