import { fillPath, type Endpoint, type EndpointInput, type EndpointResponse } from "../../../common/contract/index.js";
import { ApiError, apiErrorOf, apiHeaders, queryString } from "./client.js";

interface FileCallOptions<E extends Endpoint> {
  params?: EndpointInput<E>["params"];
  query?: EndpointInput<E>["query"];
  body?: EndpointInput<E>["body"];
}

function urlOf<E extends Endpoint>(endpoint: E, opts: FileCallOptions<E>): string {
  return fillPath(endpoint.path, opts.params as Record<string, string> | undefined) + queryString(opts.query);
}

function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get("content-disposition") ?? "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain?.[1] ?? fallback;
}

/**
 * Calls a `produces: "file"` endpoint and saves the answer through the browser's download (the
 * file name from Content-Disposition). Errors come back as ApiError like JSON calls.
 */
export async function downloadFile<E extends Endpoint>(endpoint: E, opts: FileCallOptions<E> = {}, fallbackName = "download.xlsx"): Promise<string> {
  const headers = apiHeaders(endpoint.method);
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(urlOf(endpoint, opts), { method: endpoint.method, headers, body, credentials: "same-origin" });
  } catch (err) {
    throw new ApiError("NETWORK", err instanceof Error ? err.message : String(err), 0);
  }
  if (!res.ok) throw await apiErrorOf(res);
  const name = fileNameOf(res, fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** Sends one file as multipart field `file` to a `consumes: "multipart"` endpoint. */
export async function uploadFile<E extends Endpoint>(endpoint: E, file: Blob & { name?: string }, opts: FileCallOptions<E> = {}): Promise<EndpointResponse<E>> {
  const form = new FormData();
  form.append("file", file, file.name ?? "upload.xlsx");
  let res: Response;
  try {
    res = await fetch(urlOf(endpoint, opts), { method: endpoint.method, headers: { ...apiHeaders(endpoint.method), Accept: "application/json" }, body: form, credentials: "same-origin" });
  } catch (err) {
    throw new ApiError("NETWORK", err instanceof Error ? err.message : String(err), 0);
  }
  if (!res.ok) throw await apiErrorOf(res);
  return (await res.json()) as EndpointResponse<E>;
}
