import type { Locale } from "./index.js";
import { coreMessages } from "./messages/core.js";
import { orgMessages } from "./messages/org.js";
import { authMessages } from "./messages/auth.js";
import { workflowMessages } from "./messages/workflow.js";
import { piiMessages } from "./messages/pii.js";
import { ratingMessages } from "./messages/rating.js";
import { partyMessages } from "./messages/party.js";
import { ratingServiceMessages } from "./messages/rating-service.js";
import { appealsMessages } from "./messages/appeals.js";
import { whistleMessages } from "./messages/whistle.js";
import { appealAdminMessages } from "./messages/appeal-admin.js";
import { ratingInputsMessages } from "./messages/rating-inputs.js";
import { calendarMessages } from "./messages/calendar.js";

/** One domain's messages in both languages; each module owns its file under messages/. */
export interface DomainMessages {
  "zh-CN": Record<string, string>;
  en: Record<string, string>;
}

const domains: DomainMessages[] = [coreMessages, orgMessages, authMessages, workflowMessages, piiMessages, ratingMessages, partyMessages, ratingServiceMessages, appealsMessages, whistleMessages, appealAdminMessages, ratingInputsMessages, calendarMessages];

function merge(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of domains) Object.assign(out, d[locale]);
  return out;
}

export const catalogs: Record<Locale, Record<string, string>> = { "zh-CN": merge("zh-CN"), en: merge("en") };
