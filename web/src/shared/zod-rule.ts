import type { z } from "zod";
import type { FormRule } from "antd";
import { i18n } from "../i18n/index.js";

/** The same wording the server uses for the same zod issue (keys from the shared catalogs). */
function issueMessage(issue: z.core.$ZodIssue, label: string): string {
  const t = (key: string, params: Record<string, string | number> = {}): string => i18n.t(key, { field: label, ...params });
  if (issue.message && /^[a-z]+\.[\w.]+$/.test(issue.message)) return t(issue.message);
  switch (issue.code) {
    case "invalid_type":
      return t("validation.required");
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) > 1) return t("validation.tooShort", { min: Number(issue.minimum) });
      return issue.origin === "string" ? t("validation.required") : t("validation.tooSmall", { min: Number(issue.minimum) });
    case "too_big":
      return issue.origin === "string" ? t("validation.tooLong", { max: Number(issue.maximum) }) : t("validation.tooBig", { max: Number(issue.maximum) });
    default:
      return t("validation.invalid");
  }
}

/**
 * An antd form rule from the contract's zod schema, so the form checks exactly what the server
 * will. `labelKey` is the field's message key (e.g. `field.username`).
 */
export function zodRule(schema: z.ZodType, labelKey: string): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const result = schema.safeParse(value === "" ? undefined : value);
      if (result.success) return;
      const first = result.error.issues[0];
      throw new Error(first ? issueMessage(first, i18n.t(labelKey)) : i18n.t("validation.invalid", { field: i18n.t(labelKey) }));
    },
  };
}
