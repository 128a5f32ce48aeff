/** The API contract: one object per domain; the server registers these, the web calls them. */
export * as system from "./system.contract.js";
export * as auth from "./auth.contract.js";
export * as org from "./org.contract.js";
export * as users from "./users.contract.js";
export * as audit from "./audit.contract.js";
export * from "./endpoint.js";
export * as party from "./party.contract.js";
export * as members from "./members.contract.js";
export * as meetings from "./meetings.contract.js";
export * as partyExcel from "./party-excel.contract.js";
export * as grids from "./grids.contract.js";
export * as appeals from "./appeals.contract.js";
export * as whistle from "./whistle.contract.js";
export * as rates from "./rates.contract.js";
export * as open311 from "./open311.contract.js";
