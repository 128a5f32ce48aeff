import { Form, InputNumber } from "antd";
import { useTranslation } from "react-i18next";
import type { SchemeBody } from "./scheme-types.js";
import { ELDERLY_AGE } from "../../../../common/rating.js";

/** The default the server applies when the scheme sets no age (server/modules/rating/engine/exemptions.ts). */
const DEFAULT_ELDERLY_AGE = ELDERLY_AGE;

/**
 * The member scheme's exemption age: members this old on 1 January fall in the `elderly`
 * category (年老体弱), whose overrides exempt them. Shown only when the scheme has that category;
 * the engine validates the value (whole years, 50–120) and names `categories.N.minAge` if refused.
 */
export function ElderlyAgeInput({ body, fields, readOnly, update }: { body: SchemeBody; fields: Record<string, string>; readOnly: boolean; update: (fn: (b: SchemeBody) => void) => void }) {
  const { t } = useTranslation();
  const i = body.categories.findIndex((c) => c.code === "elderly");
  if (i < 0) return null;
  const err = fields[`body.categories.${i}.minAge`] ?? fields[`categories.${i}.minAge`];
  return (
    <Form.Item label={t("ri.elderlyAge")} validateStatus={err ? "error" : undefined} help={err ?? t("ri.elderlyAgeHelp")} style={{ marginTop: 12, marginBottom: 0 }}>
      <InputNumber
        data-testid="scheme-elderly-age"
        min={50}
        max={120}
        step={1}
        disabled={readOnly}
        value={body.categories[i]?.minAge ?? DEFAULT_ELDERLY_AGE}
        onChange={(v) =>
          update((b) => {
            const c = b.categories[i];
            if (c) c.minAge = v ?? DEFAULT_ELDERLY_AGE;
          })
        }
        addonAfter={t("ri.years")}
      />
    </Form.Item>
  );
}
