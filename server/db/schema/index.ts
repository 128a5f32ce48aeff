export * from "./org.js";
export * from "./auth.js";
export * from "./audit.js";
export * from "./settings.js";
export * from "./workflow.js";
export * from "./party.js";
export * from "./jobs.js";
export * from "./appeals.js";
