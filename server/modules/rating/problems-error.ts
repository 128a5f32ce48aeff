import type { MessageRef } from "../../../common/errors.js";
import { AppError } from "../../platform/errors.js";
import type { Problem } from "./engine/index.js";

/**
 * The engine's coded problems as one VALIDATION error, each under the field it names (prefixed,
 * e.g. `body.dimensions.2.indicators.0.cap`), so the editor marks the exact input.
 */
export function problemsError(problems: readonly Problem[], prefix: string, message?: MessageRef): AppError {
  const fields: Record<string, MessageRef> = {};
  for (const p of problems) {
    const field = p.path ? `${prefix}.${p.path}` : prefix;
    if (!fields[field]) fields[field] = p.params ? { key: p.key, params: p.params } : { key: p.key };
  }
  return new AppError("VALIDATION", { ...(message ? { message } : {}), fields });
}
