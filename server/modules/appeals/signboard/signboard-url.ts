/**
 * The URL a signboard's QR code encodes: `<publicBaseUrl>/r/<gridCode>?t=<token>`.
 * `publicBaseUrl` may carry a path prefix (`https://host/zx`); a trailing slash is ignored.
 * @throws TypeError when the base is not an absolute http(s) URL or carries a query or fragment
 */
export function signboardUrl(publicBaseUrl: string, gridCode: string, token: string): string {
  let base: URL;
  try {
    base = new URL(publicBaseUrl);
  } catch {
    throw new TypeError(`publicBaseUrl is not an absolute URL: ${publicBaseUrl}`);
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    throw new TypeError(`publicBaseUrl must be http(s): ${publicBaseUrl}`);
  }
  if (base.search || base.hash) throw new TypeError(`publicBaseUrl must not have a query or fragment: ${publicBaseUrl}`);
  const prefix = base.href.replace(/\/+$/, "");
  return `${prefix}/r/${encodeURIComponent(gridCode)}?t=${encodeURIComponent(token)}`;
}
