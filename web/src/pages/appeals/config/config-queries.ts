/** Query keys of the appeal catalogue screens. */
export const configKeys = {
  categories: ["appeal-config", "categories"] as const,
  rules: ["appeal-config", "rules"] as const,
};
