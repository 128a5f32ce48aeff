import type { FormInstance } from "antd";
import { ApiError } from "../api/client.js";
import { currentLocale } from "../i18n/index.js";

const sep = (): string => (currentLocale() === "en" ? "; " : "；");

/** The form path of an API field (`grant.role` → ["grant", "role"]). */
function namePath(field: string): (string | number)[] {
  return field.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts an API error's field messages on the form items they name. Returns the message to show
 * for the rest (fields the form does not have, or an error without fields).
 */
export function applyApiError(form: Pick<FormInstance, "setFields">, err: unknown, knownFields?: readonly string[]): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const entries = Object.entries(err.fields);
  const onForm = knownFields ? entries.filter(([f]) => knownFields.includes(f)) : entries;
  form.setFields(onForm.map(([f, msg]) => ({ name: namePath(f), errors: [msg] })));
  const rest = entries.filter(([f]) => !onForm.some(([g]) => g === f)).map(([, m]) => m);
  return [err.message, ...rest].join(sep());
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return [err.message, ...Object.values(err.fields)].join(sep());
  return err instanceof Error ? err.message : String(err);
}
