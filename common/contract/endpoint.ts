import { z } from "zod";
import type { Permission } from "../roles.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call an endpoint. Every endpoint declares one: a permission (checked against the
 * actor's role grants, scope checked again by the service), any signed-in user, or public.
 */
export type EndpointAccess = { permission: Permission } | { authenticated: true } | { public: true };

/** One HTTP endpoint: the server registers it, the web client calls it, OpenAPI describes it. */
export interface Endpoint {
  method: HttpMethod;
  path: string;
  summary: string;
  tags: readonly string[];
  access: EndpointAccess;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** Response status on success (default 200). */
  status?: 200 | 201 | 204;
  /** `file`: the response is a download ({@link FileDownload}), not JSON. */
  produces?: "file";
  /** `multipart`: the body is a multipart upload the handler reads as a stream (no JSON body). */
  consumes?: "multipart";
}

/** What a file endpoint's handler returns: the server streams `body`, the web receives a Blob. */
export interface FileDownload {
  fileName: string;
  contentType: string;
  body: Uint8Array | AsyncIterable<Uint8Array>;
}

/** The `response` of a file endpoint (not validated: it is bytes). */
export const fileDownload = z.custom<FileDownload>(() => true);

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function endpoint<const E extends Endpoint>(e: E): E {
  return e;
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
type InferIn<T> = T extends z.ZodType ? z.input<T> : undefined;

/** What a handler receives (parsed) and what a client sends (input). */
export type EndpointParams<E extends Endpoint> = Infer<E["params"]>;
export type EndpointQuery<E extends Endpoint> = Infer<E["query"]>;
export type EndpointBody<E extends Endpoint> = Infer<E["body"]>;
export type EndpointResponse<E extends Endpoint> = z.output<E["response"]>;
export type EndpointInput<E extends Endpoint> = {
  params: InferIn<E["params"]>;
  query: InferIn<E["query"]>;
  body: InferIn<E["body"]>;
};

/** Fills `:name` placeholders of a path; values are URI-encoded. */
export function fillPath(path: string, params: Record<string, string | number> | undefined): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(v));
  });
}
