import { useEffect, useRef } from "react";
import { Form, Select, type FormInstance } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { org } from "../../../../common/contract/index.js";
import type { Me } from "../../../../common/contract/auth.contract.js";
import { GRANTABLE_ROLES, ROLES, ROLE_SCOPE_LEVELS, type Role } from "../../../../common/roles.js";
import { call } from "../../api/client.js";
import { keys } from "../../api/keys.js";
import { useSignedIn } from "../../auth/session.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";

/**
 * The roles I may hand out, from the shared grant table (the server checks again). The API has no
 * "grantable roles" field yet, so this one rule is read from common/roles.ts.
 */
export function grantableRoles(me: Me): Role[] {
  const set = new Set(me.grants.flatMap((g) => GRANTABLE_ROLES[g.role]));
  return ROLES.filter((r) => set.has(r));
}

/** Role, scope (org unit) and, for department staff, department — nested under `prefix` in the form. */
export function GrantFields({ form, prefix }: { form: FormInstance; prefix: readonly string[] }) {
  const { t } = useTranslation();
  const me = useSignedIn();
  const rolePath = [...prefix, "role"];
  const unitPath = [...prefix, "orgUnitId"];
  const deptPath = [...prefix, "departmentId"];
  const role = Form.useWatch(rolePath, form) as Role | undefined;
  const orgUnitId = Form.useWatch(unitPath, form) as string | undefined;
  const required = (labelKey: string) => ({ required: true, message: t("validation.required", { field: t(labelKey) }) });

  const lastUnit = useRef(orgUnitId);
  useEffect(() => {
    if (lastUnit.current !== orgUnitId) form.setFieldValue(deptPath, undefined);
    lastUnit.current = orgUnitId;
  }, [orgUnitId, form]);

  const needsDepartment = role === "departmentStaff";
  const departments = useQuery({
    queryKey: keys.departments(orgUnitId ?? ""),
    queryFn: () => call(org.listDepartments, { query: { orgUnitId: orgUnitId ?? "" } }),
    enabled: needsDepartment && !!orgUnitId,
  });

  return (
    <>
      <Form.Item name={rolePath} label={t("field.role")} rules={[required("field.role")]}>
        <Select<Role>
          data-testid="grant-role"
          placeholder={t("grant.pickRole")}
          options={grantableRoles(me).map((r) => ({ value: r, label: t(`role.${r}`) }))}
          optionRender={(o) => <span data-testid={`grant-role-option-${String(o.value)}`}>{o.label}</span>}
          onChange={() => form.setFieldValue(unitPath, undefined)}
        />
      </Form.Item>
      <Form.Item
        name={unitPath}
        label={t("grant.scope")}
        rules={[required("grant.scope")]}
        extra={role ? t("grant.scopeHint", { levels: ROLE_SCOPE_LEVELS[role].map((l) => t(`level.${l}`)).join(" / ") }) : undefined}
      >
        <OrgTreeSelect testid="grant-scope" selectableLevels={role ? ROLE_SCOPE_LEVELS[role] : undefined} />
      </Form.Item>
      {needsDepartment && (
        <Form.Item name={deptPath} label={t("field.departmentId")} rules={[required("field.departmentId")]}>
          <Select
            data-testid="grant-department"
            disabled={!orgUnitId}
            loading={departments.isLoading}
            placeholder={orgUnitId ? t("grant.pickDepartment") : t("grant.pickScopeFirst")}
            options={(departments.data?.items ?? []).filter((d) => !d.disabled).map((d) => ({ value: d.id, label: d.name }))}
            notFoundContent={t("dept.none")}
          />
        </Form.Item>
      )}
    </>
  );
}
