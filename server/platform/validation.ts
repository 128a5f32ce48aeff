import type { z } from "zod";
import type { MessageRef } from "../../common/errors.js";

/** A request part that failed its zod schema; the error handler turns it into VALIDATION. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly part: "body" | "querystring" | "params" | "headers",
    readonly fields: Record<string, MessageRef>,
  ) {
    super("request validation failed");
  }
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Maps one zod issue to a message key with the field's label as a parameter. */
export function issueToMessage(issue: z.core.$ZodIssue, data: unknown): MessageRef {
  const path = issue.path.map(String).join(".");
  const field = `field.${issue.path.filter((p) => typeof p === "string").pop() ?? path}`;
  // Custom messages that are message keys (e.g. `validation.username`) win.
  if (issue.message && /^[a-z]+\.[\w.]+$/.test(issue.message)) return { key: issue.message, params: { field } };
  switch (issue.code) {
    case "invalid_type": {
      const missing = valueAt(data, issue.path) === undefined;
      return missing ? { key: "validation.required", params: { field } } : { key: "validation.type", params: { field, expected: issue.expected } };
    }
    case "too_small":
      if (issue.origin === "string") {
        return Number(issue.minimum) <= 1
          ? { key: "validation.required", params: { field } }
          : { key: "validation.tooShort", params: { field, min: Number(issue.minimum) } };
      }
      return { key: "validation.tooSmall", params: { field, min: Number(issue.minimum) } };
    case "too_big":
      return issue.origin === "string"
        ? { key: "validation.tooLong", params: { field, max: Number(issue.maximum) } }
        : { key: "validation.tooBig", params: { field, max: Number(issue.maximum) } };
    case "invalid_value":
      return { key: "validation.enum", params: { field, options: issue.values.map(String).join(" / ") } };
    case "invalid_format":
      return issue.format === "uuid" ? { key: "validation.uuid", params: { field } } : { key: "validation.invalid", params: { field } };
    case "unrecognized_keys":
      return { key: "validation.unknownKey", params: { field: issue.keys.join(", ") } };
    default:
      return { key: "validation.invalid", params: { field } };
  }
}

/** Field path → message for every issue (the first issue per field wins). */
export function issuesToFields(issues: readonly z.core.$ZodIssue[], data: unknown): Record<string, MessageRef> {
  const fields: Record<string, MessageRef> = {};
  for (const issue of issues) {
    const key =
      issue.code === "unrecognized_keys"
        ? [...issue.path.map(String), issue.keys[0] ?? ""].filter(Boolean).join(".")
        : issue.path.map(String).join(".") || "_";
    fields[key] ??= issueToMessage(issue, data);
  }
  return fields;
}
