import type { FastifyInstance } from "fastify";
import multipart from "@fastify/multipart";
import { meetings, members, party } from "../../../common/contract/index.js";
import { ATTACHMENT_MAX_BYTES, IMPORT_MAX_BYTES } from "../../../common/party.js";
import type { AppDeps } from "../../app.js";
import { registerEndpoint } from "../../platform/http.js";
import { partyModuleDeps, readUpload, type PartyModuleDeps } from "./party-deps.js";
import * as orgs from "./party-orgs.service.js";
import * as memberService from "./members.service.js";
import * as meetingService from "./meetings.service.js";
import * as attachments from "./attachments.service.js";
import * as roster from "./roster.service.js";
import { registerPartyExcelRoutes } from "./party-excel.routes.js";

/**
 * Party organisations, members, organisational life and their Excel: registered inside their
 * own scope so the multipart parser (uploads) exists only for these routes.
 */
export async function registerPartyModule(app: FastifyInstance, appDeps: AppDeps): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 4, parts: 5 } });
    registerPartyRoutes(scope, partyModuleDeps(appDeps));
    registerPartyExcelRoutes(scope, partyModuleDeps(appDeps));
  });
}

function registerPartyRoutes(app: FastifyInstance, deps: PartyModuleDeps): void {
  registerEndpoint(app, party.listPartyOrgs, ({ actor, query }) => orgs.listPartyOrgs(deps, actor, query));
  registerEndpoint(app, party.getPartyOrg, ({ actor, params }) => orgs.getPartyOrg(deps, actor, params.id));
  registerEndpoint(app, party.createPartyOrg, ({ actor, body }) => orgs.createPartyOrg(deps, actor, body));
  registerEndpoint(app, party.updatePartyOrg, ({ actor, params, body }) => orgs.updatePartyOrg(deps, actor, params.id, body));
  registerEndpoint(app, party.getCompliance, ({ actor, params, query }) => meetingService.getCompliance(deps, actor, params.id, query.year));
  registerEndpoint(app, party.getRoster, ({ actor, params }) => roster.getRoster(deps, actor, params.id));

  registerEndpoint(app, members.listMembers, ({ actor, query }) => memberService.listMembers(deps, actor, query));
  registerEndpoint(app, members.getMember, ({ actor, params }) => memberService.getMember(deps, actor, params.id));
  registerEndpoint(app, members.createMember, ({ actor, body }) => memberService.createMember(deps, actor, body));
  registerEndpoint(app, members.updateMember, ({ actor, params, body }) => memberService.updateMember(deps, actor, params.id, body));
  registerEndpoint(app, members.unmaskMember, ({ actor, params, body }) => memberService.unmaskMember(deps, actor, params.id, body.reason));
  registerEndpoint(app, members.transferMember, ({ actor, params, body }) => memberService.transferMember(deps, actor, params.id, body));
  registerEndpoint(app, members.getMemberAttendance, ({ actor, params, query }) => roster.getMemberAttendance(deps, actor, params.id, query.year));

  registerEndpoint(app, meetings.listMeetings, ({ actor, query }) => meetingService.listMeetings(deps, actor, query));
  registerEndpoint(app, meetings.getMeeting, ({ actor, params }) => meetingService.getMeeting(deps, actor, params.id));
  registerEndpoint(app, meetings.createMeeting, ({ actor, body }) => meetingService.createMeeting(deps, actor, body));
  registerEndpoint(app, meetings.updateMeeting, ({ actor, params, body }) => meetingService.updateMeeting(deps, actor, params.id, body));
  registerEndpoint(app, meetings.deleteMeeting, ({ actor, params }) => meetingService.deleteMeeting(deps, actor, params.id));
  registerEndpoint(app, meetings.setAttendance, ({ actor, params, body }) => meetingService.setAttendance(deps, actor, params.id, body.entries));
  registerEndpoint(app, meetings.uploadAttachment, async ({ actor, params, req }) =>
    attachments.uploadAttachment(deps, actor, params.id, await readUpload(req, ATTACHMENT_MAX_BYTES)),
  );
  registerEndpoint(app, meetings.downloadAttachment, ({ actor, params }) => attachments.downloadAttachment(deps, actor, params.id, params.attachmentId));
}
