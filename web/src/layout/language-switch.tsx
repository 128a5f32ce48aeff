import { Segmented } from "antd";
import { setLocale, useLocale, type Locale } from "../i18n/index.js";

/** 中文 / English; the choice is kept in localStorage and sent to the API as Accept-Language. */
export function LanguageSwitch() {
  const locale = useLocale();
  return (
    <Segmented<Locale>
      data-testid="lang-switch"
      value={locale}
      onChange={(v) => void setLocale(v)}
      options={[
        { value: "zh-CN", label: <span data-testid="lang-zh">中文</span> },
        { value: "en", label: <span data-testid="lang-en">English</span> },
      ]}
    />
  );
}
