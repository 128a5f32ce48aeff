import type { Scheme, SchemeStatus } from "./schema.js";
import type { SchemeProblem } from "./types.js";
import { validateScheme } from "./validate.js";

/** What a draft may change; identity (code), version and status are not edited. */
export type SchemeChanges = Partial<Omit<Scheme, "code" | "version" | "status">>;

export type SchemeEvent = { type: "edit"; changes: SchemeChanges } | { type: "publish" } | { type: "archive" };
export type SchemeEventType = SchemeEvent["type"];

/**
 * A published scheme is frozen: results already computed with it must stay reproducible for
 * objections months later, so changes go into a new version (see draftNewVersion).
 */
export const SCHEME_TRANSITIONS = {
  draft: { edit: "draft", publish: "published", archive: "archived" },
  published: { archive: "archived" },
  archived: {},
} as const satisfies Record<SchemeStatus, Partial<Record<SchemeEventType, SchemeStatus>>>;

export type TransitionOutcome =
  | { ok: true; scheme: Scheme }
  | { ok: false; reason: "invalidTransition"; key: string; params: Record<string, string> }
  | { ok: false; reason: "invalidScheme"; key: string; problems: SchemeProblem[] };

function nextStatus(status: SchemeStatus, event: SchemeEventType): SchemeStatus | undefined {
  const row: Partial<Record<SchemeEventType, SchemeStatus>> = SCHEME_TRANSITIONS[status];
  return row[event];
}

/**
 * Applies a lifecycle event to a scheme, purely: draft → published → archived. Editing is
 * refused once published (`rating.scheme.readOnly`); publishing is refused while validateScheme
 * reports problems. Returns a new scheme object; the argument is never mutated.
 */
export function transitionScheme(scheme: Scheme, event: SchemeEvent): TransitionOutcome {
  const to = nextStatus(scheme.status, event.type);
  if (to === undefined) {
    const key = event.type === "edit" ? "rating.scheme.readOnly" : "rating.scheme.invalidTransition";
    return { ok: false, reason: "invalidTransition", key, params: { status: scheme.status, event: event.type } };
  }
  switch (event.type) {
    case "edit": {
      // Spread first, then pin identity, so a stray field in `changes` cannot change them.
      const edited: Scheme = { ...structuredClone(scheme), ...structuredClone(event.changes), code: scheme.code, version: scheme.version, status: to };
      return { ok: true, scheme: edited };
    }
    case "publish": {
      const problems = validateScheme(scheme);
      if (problems.length > 0) return { ok: false, reason: "invalidScheme", key: "rating.scheme.invalid", problems };
      return { ok: true, scheme: { ...structuredClone(scheme), status: to } };
    }
    case "archive":
      return { ok: true, scheme: { ...structuredClone(scheme), status: to } };
    default: {
      const never: never = event;
      return never;
    }
  }
}

/**
 * A new editable draft from any version (typically the published one), numbered `version`; the
 * service passes the next free number for the scheme code.
 */
export function draftNewVersion(scheme: Scheme, version: number): Scheme {
  return { ...structuredClone(scheme), version, status: "draft" };
}
