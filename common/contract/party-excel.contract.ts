import { z } from "zod";
import { endpoint, fileDownload } from "./endpoint.js";
import { idParam, queryBoolean } from "./shared.js";
import { meetingView } from "./meetings.contract.js";

export const IMPORT_MODES = ["allOrNothing", "validRows"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const JOB_STATUSES = ["running", "succeeded", "failed"] as const;

/** What a member import did (or would have done, when refused). */
export const importSummary = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  badRows: z.number().int(),
  /** False when all-or-nothing refused the file because of bad rows. */
  applied: z.boolean(),
  /** A file-level problem (wrong template, missing headers …), localised. */
  message: z.string().nullable(),
  /** The first bad rows with their reasons, for a quick look without the workbook. */
  samples: z.array(z.object({ row: z.number().int(), messages: z.array(z.string()) })),
  hasErrorWorkbook: z.boolean(),
});
export type ImportSummary = z.infer<typeof importSummary>;

export const jobView = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  phase: z.string(),
  done: z.number().int(),
  total: z.number().int().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  result: importSummary.nullable(),
});
export type JobView = z.infer<typeof jobView>;

export const memberTemplate = endpoint({
  method: "GET",
  path: "/api/v1/party/templates/members",
  summary: "The member roster template (.xlsx: text-formatted ID and phone columns, drop-down lists)",
  tags: ["party-excel"],
  access: { permission: "party.read" },
  produces: "file",
  response: fileDownload,
});

export const importMembers = endpoint({
  method: "POST",
  path: "/api/v1/party/imports/members",
  summary: "Start importing a member roster (.xlsx, multipart field `file`) into an org unit's subtree; poll the job",
  tags: ["party-excel"],
  access: { permission: "party.manage" },
  query: z.object({
    orgUnitId: z.uuid(),
    mode: z.enum(IMPORT_MODES, { message: "import.badMode" }).default("allOrNothing"),
  }),
  consumes: "multipart",
  response: jobView,
  status: 201,
});

export const getJob = endpoint({
  method: "GET",
  path: "/api/v1/jobs/:id",
  summary: "Progress and result of one of my jobs",
  tags: ["party-excel"],
  access: { authenticated: true },
  params: idParam,
  response: jobView,
});

export const jobErrorWorkbook = endpoint({
  method: "GET",
  path: "/api/v1/jobs/:id/errors",
  summary: "The error workbook of an import: each bad row and cell marked with the reason",
  tags: ["party-excel"],
  access: { authenticated: true },
  params: idParam,
  produces: "file",
  response: fileDownload,
});

export const exportMembers = endpoint({
  method: "POST",
  path: "/api/v1/party/exports/members",
  summary: "Export a roster in scope (.xlsx), masked; `full` needs member.unmask and a reason and is audited",
  tags: ["party-excel"],
  access: { permission: "party.read" },
  body: z
    .object({
      orgUnitId: z.uuid().optional(),
      partyOrgId: z.uuid().optional(),
      full: z.boolean().default(false),
      reason: z.string().trim().min(2).max(200).optional(),
    })
    .strict(),
  produces: "file",
  response: fileDownload,
});

export const attendanceWorkbook = endpoint({
  method: "GET",
  path: "/api/v1/meetings/:id/attendance-sheet",
  summary: "The attendance template for a meeting: its roster with a drop-down per member",
  tags: ["party-excel"],
  access: { permission: "party.read" },
  params: idParam,
  query: z.object({ blank: queryBoolean.optional() }),
  produces: "file",
  response: fileDownload,
});

export const importAttendance = endpoint({
  method: "POST",
  path: "/api/v1/meetings/:id/attendance-sheet",
  summary: "Record a meeting's attendance from its filled-in template (multipart field `file`); all or nothing",
  tags: ["party-excel"],
  access: { permission: "party.manage" },
  params: idParam,
  consumes: "multipart",
  response: meetingView,
});
