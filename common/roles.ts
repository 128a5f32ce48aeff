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
  "org.read",
  "org.manage",
  "user.read",
  "user.manage",
  "audit.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each role may do, inside the subtree of its grant's scope. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  cityAdmin: ["org.read", "org.manage", "user.read", "user.manage", "audit.read"],
  districtAdmin: ["org.read", "org.manage", "user.read", "user.manage", "audit.read"],
  townAdmin: ["org.read", "org.manage", "user.read", "user.manage"],
  villageSecretary: ["org.read", "user.read", "user.manage"],
  gridWorker: ["org.read"],
  departmentStaff: ["org.read"],
  member: ["org.read"],
  leader: ["org.read"],
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
