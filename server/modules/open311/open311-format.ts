/**
 * Open311 GeoReport v2 wire formats (CIVIC §3.1), pure: the `.json` / `.xml` suffix, the XML
 * serialisation of the spec's element names (JSON is the "Spark convention": bare arrays), the
 * errors body, and how our appeal statuses map onto open/closed plus mySociety's extended ones.
 */
import type { AppealStatus } from "../../../common/appeals.js";

export type Open311Format = "json" | "xml";

/** `requests.json` → { name: "requests", format: "json" }; null without a known suffix. */
export function parseFile(file: string): { name: string; format: Open311Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m?.[1] || (m[2] !== "json" && m[2] !== "xml")) return null;
  return { name: m[1], format: m[2] };
}

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
};

/** The element name of one member of each list the spec defines. */
const ITEM_NAMES: Record<string, string> = {
  services: "service",
  service_requests: "request",
  errors: "error",
  endpoints: "endpoint",
  formats: "format",
  attributes: "attribute",
  values: "value",
  photos: "photo",
};

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

const ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" };

export function escapeXml(s: string): string {
  // Characters XML 1.0 forbids are dropped rather than escaped (they cannot be represented).
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[<>&"']/g, (c) => ENTITIES[c] ?? "");
}

function element(name: string, value: XmlValue): string {
  if (value === undefined) return "";
  if (value === null) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? "item";
    return `<${name}>${value.map((v) => element(item, v)).join("")}</${name}>`;
  }
  if (typeof value === "object") {
    return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join("")}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A document with `root` as its root element (`services`, `service_requests`, `discovery` …). */
export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}

/** Serialises one response: JSON as is, XML under the root the spec names for it. */
export function render(format: Open311Format, root: string, value: XmlValue): string {
  return format === "json" ? JSON.stringify(value) : toXml(root, value);
}

export interface Open311ErrorItem {
  code: number;
  description: string;
}

/** The spec's errors body: a list, so several problems can be reported at once. */
export function renderErrors(format: Open311Format, errors: Open311ErrorItem[]): string {
  return render(format, "errors", errors.map((e) => ({ code: e.code, description: e.description })));
}

/** mySociety's extended statuses (CIVIC §3.2), which FixMyStreet and its adapters speak. */
export type ExtendedStatus =
  | "open"
  | "investigating"
  | "in_progress"
  | "action_scheduled"
  | "fixed"
  | "closed"
  | "no_further_action"
  | "internal_referral"
  | "reopen";

/** Our states onto the spec's open/closed and mySociety's extended vocabulary. */
export function mapStatus(s: AppealStatus): { status: "open" | "closed"; extended: ExtendedStatus } {
  switch (s) {
    case "submitted":
      return { status: "open", extended: "open" };
    case "accepted":
      return { status: "open", extended: "investigating" };
    case "inProgress":
    case "returned":
      return { status: "open", extended: "in_progress" };
    case "dispatched":
      return { status: "open", extended: "action_scheduled" };
    case "escalated":
      // Passed up the ladder inside the same government: still open, handled elsewhere.
      return { status: "open", extended: "internal_referral" };
    case "reopened":
      return { status: "open", extended: "reopen" };
    case "resolved":
      return { status: "closed", extended: "fixed" };
    case "closed":
      return { status: "closed", extended: "closed" };
    case "rejected":
      return { status: "closed", extended: "no_further_action" };
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** Which of our states a `status=open,closed` filter selects. */
export function statusesFor(filter: readonly ("open" | "closed")[], all: readonly AppealStatus[]): AppealStatus[] {
  return all.filter((s) => filter.includes(mapStatus(s).status));
}

/** The spec's W3C datetime; our instants are UTC, so `Z` is the zone. Seconds precision. */
export function w3c(d: Date | string | null): string | null {
  if (d === null) return null;
  return new Date(d).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Parses a W3C/ISO-8601 datetime argument (a bare date is midnight UTC); null when malformed or zoneless. */
export function parseW3c(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(s)) return null;
  const d = new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
  return Number.isNaN(d.getTime()) ? null : d;
}
