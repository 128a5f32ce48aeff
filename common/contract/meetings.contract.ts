import { z } from "zod";
import { endpoint, fileDownload } from "./endpoint.js";
import { idParam, okResponse, paging } from "./shared.js";
import { isoDate, meetingType, yearQuery } from "./party.contract.js";
import { attendanceStatus } from "./members.contract.js";

export const REASON_MAX = 100;

export const attendanceEntryInput = z.object({
  memberId: z.uuid(),
  status: attendanceStatus,
  /** Required when excused (请假): why. */
  reason: z.string().trim().max(REASON_MAX).nullable().optional(),
});
export type AttendanceEntryInput = z.infer<typeof attendanceEntryInput>;

export const attachmentView = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.string(),
});

export const meetingSummary = z.object({
  id: z.uuid(),
  partyOrgId: z.uuid(),
  partyOrgName: z.string(),
  type: meetingType,
  heldOn: z.string(),
  topic: z.string(),
  recorded: z.boolean(),
  presentCount: z.number().int(),
  excusedCount: z.number().int(),
  absentCount: z.number().int(),
  attachmentCount: z.number().int(),
});
export type MeetingSummary = z.infer<typeof meetingSummary>;

export const meetingView = meetingSummary.extend({
  minutes: z.string(),
  attendance: z.array(
    z.object({ memberId: z.uuid(), name: z.string(), status: attendanceStatus, reason: z.string().nullable() }),
  ),
  attachments: z.array(attachmentView),
  abilities: z.object({ manage: z.boolean() }),
});
export type MeetingView = z.infer<typeof meetingView>;

export const listMeetings = endpoint({
  method: "GET",
  path: "/api/v1/meetings",
  summary: "Meetings of organisational life in scope, newest first",
  tags: ["meetings"],
  access: { permission: "party.read" },
  query: z.object({
    partyOrgId: z.uuid().optional(),
    orgUnitId: z.uuid().optional(),
    year: yearQuery.optional(),
    type: meetingType.optional(),
    ...paging,
  }),
  response: z.object({ items: z.array(meetingSummary), total: z.number().int() }),
});

export const getMeeting = endpoint({
  method: "GET",
  path: "/api/v1/meetings/:id",
  summary: "One meeting with minutes, attendance sheet and attachments",
  tags: ["meetings"],
  access: { permission: "party.read" },
  params: idParam,
  response: meetingView,
});

const meetingFields = {
  type: meetingType,
  heldOn: isoDate,
  topic: z.string().trim().min(2).max(100),
  minutes: z.string().max(20_000).default(""),
};

export const createMeeting = endpoint({
  method: "POST",
  path: "/api/v1/meetings",
  summary: "Record a meeting, optionally with its attendance sheet",
  tags: ["meetings"],
  access: { permission: "party.manage" },
  body: z
    .object({ partyOrgId: z.uuid(), ...meetingFields, attendance: z.array(attendanceEntryInput).max(2000).optional() })
    .strict(),
  response: meetingView,
  status: 201,
});

export const updateMeeting = endpoint({
  method: "PATCH",
  path: "/api/v1/meetings/:id",
  summary: "Correct a meeting's type, date, topic or minutes",
  tags: ["meetings"],
  access: { permission: "party.manage" },
  params: idParam,
  body: z
    .object({ type: meetingType, heldOn: isoDate, topic: meetingFields.topic, minutes: z.string().max(20_000) })
    .partial()
    .strict(),
  response: meetingView,
});

export const deleteMeeting = endpoint({
  method: "DELETE",
  path: "/api/v1/meetings/:id",
  summary: "Delete a meeting recorded by mistake (audited with its content)",
  tags: ["meetings"],
  access: { permission: "party.manage" },
  params: idParam,
  response: okResponse,
});

export const setAttendance = endpoint({
  method: "PUT",
  path: "/api/v1/meetings/:id/attendance",
  summary: "Replace the attendance sheet (present / excused with a reason / absent per member)",
  tags: ["meetings"],
  access: { permission: "party.manage" },
  params: idParam,
  body: z.object({ entries: z.array(attendanceEntryInput).min(1).max(2000) }).strict(),
  response: meetingView,
});

export const uploadAttachment = endpoint({
  method: "POST",
  path: "/api/v1/meetings/:id/attachments",
  summary: "Attach a file to the minutes (multipart field `file`: PDF, image, Word or Excel, ≤ 10 MB)",
  tags: ["meetings"],
  access: { permission: "party.manage" },
  params: idParam,
  consumes: "multipart",
  response: attachmentView,
  status: 201,
});

export const downloadAttachment = endpoint({
  method: "GET",
  path: "/api/v1/meetings/:id/attachments/:attachmentId",
  summary: "Download one attachment of the minutes",
  tags: ["meetings"],
  access: { permission: "party.read" },
  params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
  produces: "file",
  response: fileDownload,
});
