/**
 * Roles and permissions. The server's authz/ decides access from these tables; the web only
 * reads `abilities` the server sends, it never re-derives access from roles.
 */
export const ORG_LEVELS = ["province", "city", "district", "town", "village", "grid"] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const ROLES = [
  "cityAdmin",
  "districtAdmin",
  "townAdmin",
  "villageSecretary",
  "gridWorker",
  "departmentStaff",
  "member",
  "leader",
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  // foundation
  "org.read",
  "org.manage",
  "user.read",
  "user.manage",
  "audit.read",
  // party organisations, members, organisational life (issue 3)
  "party.read",
  "party.manage",
  "member.unmask",
  // ratings: fortress index, member stars, allocation (issue 4)
  "rating.read",
  "rating.scheme",
  "rating.selfAssess",
  "rating.review",
  "rating.approve",
  "allocation.manage",
  // grids and residents' appeals (issue 5)
  "grid.read",
  "grid.manage",
  "appeal.read",
  "appeal.handle",
  "appeal.dispatch",
  "dispatch.respond",
  "rates.read",
  "open311.manage",
  // the appeal category catalogue and its deadline rules (city-wide; only city admins hold it)
  "appeal.configure",
  // the official holiday calendar deadlines are counted with (city-wide; only city admins hold it)
  "calendar.manage",
  // a member's own record
  "self.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ADMIN_COMMON: readonly Permission[] = [
  "org.read", "org.manage", "user.read", "user.manage",
  "party.read", "party.manage", "member.unmask",
  "rating.read", "grid.read", "grid.manage", "appeal.read", "appeal.handle", "appeal.dispatch", "rates.read",
];

/** What each role may do, inside the subtree of its grant's scope. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  cityAdmin: PERMISSIONS.filter((p) => p !== "self.read" && p !== "dispatch.respond" && p !== "rating.selfAssess"),
  districtAdmin: [...ADMIN_COMMON, "audit.read", "rating.scheme", "rating.approve", "allocation.manage", "open311.manage"],
  townAdmin: [...ADMIN_COMMON, "rating.review"],
  villageSecretary: [
    "org.read", "user.read", "user.manage",
    "party.read", "party.manage", "member.unmask",
    "rating.read", "rating.selfAssess",
    "grid.read", "appeal.read", "appeal.handle", "rates.read",
  ],
  gridWorker: ["org.read", "grid.read", "appeal.read", "appeal.handle"],
  departmentStaff: ["org.read", "appeal.read", "dispatch.respond"],
  member: ["org.read", "self.read"],
  leader: ["org.read", "party.read", "rating.read", "grid.read", "appeal.read", "rates.read"],
};

/** Which roles a holder of each role may grant (always inside its own scope). */
export const GRANTABLE_ROLES: Record<Role, readonly Role[]> = {
  cityAdmin: ROLES,
  districtAdmin: ["districtAdmin", "townAdmin", "villageSecretary", "gridWorker", "departmentStaff", "member", "leader"],
  townAdmin: ["townAdmin", "villageSecretary", "gridWorker", "departmentStaff", "member"],
  villageSecretary: ["gridWorker", "member"],
  gridWorker: [],
  departmentStaff: [],
  member: [],
  leader: [],
};

/** The org levels a grant of each role may be scoped to. */
export const ROLE_SCOPE_LEVELS: Record<Role, readonly OrgLevel[]> = {
  cityAdmin: ["province", "city"],
  districtAdmin: ["district"],
  townAdmin: ["town"],
  villageSecretary: ["village"],
  gridWorker: ["village", "grid"],
  departmentStaff: ["district", "town"],
  member: ["village"],
  leader: ["city", "district", "town"],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
