import { fillPath, type Endpoint, type EndpointInput, type EndpointResponse } from "../../../common/contract/index.js";
import type { ErrorCode } from "../../../common/errors.js";

/** An error the API answered with (`{ error: { code, message, fields } }`), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | "NETWORK",
    message: string,
    readonly status: number,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Slot<K extends string, T> = [T] extends [undefined]
  ? { [P in K]?: never }
  : Record<string, never> extends T
    ? { [P in K]?: T }
    : { [P in K]: T };

/** What `call` takes for an endpoint: params/body required when the descriptor declares them. */
export type CallOptions<E extends Endpoint> = Slot<"params", EndpointInput<E>["params"]> &
  Slot<"query", EndpointInput<E>["query"]> &
  Slot<"body", EndpointInput<E>["body"]>;

type CallArgs<E extends Endpoint> = Record<string, never> extends CallOptions<E>
  ? [opts?: CallOptions<E>]
  : [opts: CallOptions<E>];

interface ClientState {
  csrfToken: string | null;
  language: () => string;
  onUnauthenticated: () => void;
}

const state: ClientState = {
  csrfToken: null,
  language: () => "zh-CN",
  onUnauthenticated: () => {},
};

/** Wires the client to the app: the UI language and what to do when the session is gone. */
export function configureClient(opts: { language: () => string; onUnauthenticated: () => void }): void {
  state.language = opts.language;
  state.onUnauthenticated = opts.onUnauthenticated;
}

/** The token from login or `auth/me`, sent as X-CSRF-Token on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

/** Headers every API request carries (language; the CSRF token on state-changing ones): for file calls. */
export function apiHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { "Accept-Language": state.language() };
  if (method !== "GET" && state.csrfToken) headers["X-CSRF-Token"] = state.csrfToken;
  return headers;
}

export function queryString(query: unknown): string {
  if (!query || typeof query !== "object") return "";
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    search.set(k, String(v));
  }
  const s = search.toString();
  return s ? `?${s}` : "";
}

function isErrorBody(v: unknown): v is { error: { code: ErrorCode; message: string; fields?: Record<string, string> } } {
  if (!v || typeof v !== "object" || !("error" in v)) return false;
  const e = (v as { error: unknown }).error;
  return !!e && typeof e === "object" && "code" in e && "message" in e;
}

/** The ApiError an error response stands for (the session hook runs on UNAUTHENTICATED). */
export async function apiErrorOf(res: Response): Promise<ApiError> {
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  if (isErrorBody(json)) {
    if (json.error.code === "UNAUTHENTICATED") state.onUnauthenticated();
    return new ApiError(json.error.code, json.error.message, res.status, json.error.fields ?? {});
  }
  return new ApiError(res.status >= 500 ? "INTERNAL" : "NETWORK", `HTTP ${res.status}`, res.status);
}

/** Calls one contract endpoint; typed from its descriptor, JSON in and out. */
export async function call<E extends Endpoint>(endpoint: E, ...args: CallArgs<E>): Promise<EndpointResponse<E>> {
  const opts = (args[0] ?? {}) as { params?: Record<string, string>; query?: unknown; body?: unknown };
  const url = fillPath(endpoint.path, opts.params) + queryString(opts.query);
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": state.language() };
  if (endpoint.method !== "GET" && state.csrfToken) headers["X-CSRF-Token"] = state.csrfToken;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(url, { method: endpoint.method, headers, body, credentials: "same-origin" });
  } catch (err) {
    throw new ApiError("NETWORK", err instanceof Error ? err.message : String(err), 0);
  }
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    if (isErrorBody(json)) {
      const { code, message, fields } = json.error;
      if (code === "UNAUTHENTICATED") state.onUnauthenticated();
      throw new ApiError(code, message, res.status, fields ?? {});
    }
    throw new ApiError(res.status >= 500 ? "INTERNAL" : "NETWORK", `HTTP ${res.status}`, res.status);
  }
  return json as EndpointResponse<E>;
}
