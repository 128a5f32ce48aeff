/**
 * Helmet's security headers, worked out once at start-up. @fastify/helmet called `helmet(options)`
 * on every request, which rebuilt the middleware chain and re-parsed the CSP directives each time
 * (~4 % of a residents' report's CPU in the intake bench). With static options helmet's output
 * never varies by request, so we run its middleware once against a recorder and replay the result.
 * Headers are set on the raw response in onRequest, where @fastify/helmet set them, so routes can
 * still read or override them (the residents' page adds its script hash to the CSP).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

export interface SecurityHeaders {
  /** Header name (lower case) and value, in the order helmet set them. */
  readonly set: readonly (readonly [string, string])[];
  readonly remove: readonly string[];
}

/** Runs helmet's middleware once and records what it does to a response. */
export function securityHeaders(options: Readonly<HelmetOptions>): SecurityHeaders {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]): void {
      set.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : String(value));
    },
    removeHeader(name: string): void {
      set.delete(name.toLowerCase());
      remove.push(name.toLowerCase());
    },
  };
  let finished = false;
  // Dynamic directives (functions of req/res) would make the headers vary: none are configured,
  // and a directive that read the stub request would throw here, at start-up.
  helmet({ ...options })({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error("securityHeaders: helmet did not finish synchronously");
  return Object.freeze({ set: Object.freeze([...set].map(([k, v]) => Object.freeze([k, v] as const))), remove: Object.freeze(remove) });
}

/** Sends `headers` with every response of `app` (404s and errors included). */
export function addSecurityHeaders(app: FastifyInstance, headers: SecurityHeaders): void {
  app.addHook("onRequest", (_req, reply, done) => {
    const res = reply.raw;
    for (const name of headers.remove) res.removeHeader(name);
    for (const [name, value] of headers.set) res.setHeader(name, value);
    done();
  });
}
