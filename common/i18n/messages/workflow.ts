import type { DomainMessages } from "../catalogs.js";

export const workflowMessages: DomainMessages = {
  "zh-CN": {
    "workflow.invalidTransition": "当前状态为「{{status}}」，不能执行「{{event}}」",
  },
  en: {
    "workflow.invalidTransition": "Cannot \"{{event}}\" while the status is \"{{status}}\"",
  },
};
