import { useEffect, useRef } from "react";
import { App, Alert, Breadcrumb, Card, Flex, Result, Skeleton, Space, Switch, Tag, Typography } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { org } from "../../../../common/contract/index.js";
import type { OrgUnitDetail } from "../../../../common/contract/org.contract.js";
import { ApiError, call } from "../../api/client.js";
import { keys } from "../../api/keys.js";
import { DEPARTMENT_LEVELS, LevelTag } from "../../shared/org-labels.js";
import { LevelStats, levelsBelow } from "../../shared/level-stats.js";
import { errorMessage } from "../../shared/api-errors.js";
import { useOrgUnit } from "./use-org-unit.js";
import { UnitChildren } from "./unit-children.js";
import { DepartmentsPanel } from "./departments-panel.js";
import { UnitPartyOrgs } from "../party/unit-party-orgs.js";

function UnitBreadcrumb({ unit }: { unit: OrgUnitDetail }) {
  // Ancestors above my scope are shown for orientation but are not links (their pages would 404).
  const items = [
    ...unit.ancestors.map((a) => ({
      key: a.id,
      title: a.readable ? <Link to={`/org/${a.id}`}>{a.name}</Link> : a.name,
    })),
    { key: unit.id, title: unit.name },
  ];
  return <Breadcrumb data-testid="unit-breadcrumb" items={items} />;
}

function AgriculturalSwitch({ unit }: { unit: OrgUnitDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const update = useMutation({
    mutationFn: (agricultural: boolean) => call(org.updateOrgUnit, { params: { id: unit.id }, body: { agricultural } }),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: keys.orgUnit(unit.id) }),
        unit.parentId ? qc.invalidateQueries({ queryKey: keys.orgChildren(unit.parentId) }) : undefined,
      ]);
      message.success(t("common.saved"));
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <Space>
      <Typography.Text>{t("org.agricultural")}</Typography.Text>
      <Switch
        data-testid="agricultural-switch"
        checked={unit.agricultural}
        loading={update.isPending}
        checkedChildren={t("org.agriculturalYes")}
        unCheckedChildren={t("org.agriculturalNo")}
        onChange={(v) => update.mutate(v)}
      />
    </Space>
  );
}

/** /org/:id — one unit: where it sits, what it holds, its children and departments. */
export function UnitPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const unit = useOrgUnit(id);
  const top = useRef<HTMLDivElement>(null);
  const loadedId = unit.data?.id;
  useEffect(() => {
    // Narrow screens stack the tree above the unit: bring the unit into view once it arrives.
    if (loadedId && window.matchMedia("(max-width: 991px)").matches) top.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [loadedId]);

  if (unit.error) {
    if (unit.error instanceof ApiError && unit.error.code === "NOT_FOUND") {
      return <Result status="404" title={t("common.notFound")} subTitle={unit.error.message} />;
    }
    return <Alert type="error" title={errorMessage(unit.error)} />;
  }
  const u = unit.data;
  if (!u || !id) return <Card><Skeleton active /></Card>;
  const hasDepartments = DEPARTMENT_LEVELS.includes(u.level);
  const canSetAgricultural = u.abilities.setAgricultural;

  return (
    <Flex vertical gap={16} data-testid="unit-page" data-unit-id={u.id} ref={top}>
      <Card>
        <UnitBreadcrumb unit={u} />
        <Flex justify="space-between" align="center" wrap gap={12} style={{ marginTop: 12 }}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="unit-name">
            {u.name}
          </Typography.Title>
          {canSetAgricultural && <AgriculturalSwitch unit={u} />}
        </Flex>
        <Space wrap style={{ marginTop: 12 }} data-testid="unit-tags">
          <LevelTag level={u.level} testid="unit-level" />
          <Tag data-testid="unit-kind">{t(`kind.${u.kind}`)}</Tag>
          {u.divisionCode && <Tag data-testid="unit-code">{t("org.codeTag", { code: u.divisionCode })}</Tag>}
          {u.agricultural ? (
            <Tag color="green" data-testid="unit-agricultural">{t("org.agriculturalYes")}</Tag>
          ) : (
            <Tag data-testid="unit-agricultural">{t("org.agriculturalNo")}</Tag>
          )}
          {u.revoked && <Tag color="default">{t("org.revoked")}</Tag>}
        </Space>
      </Card>
      <LevelStats
        counts={u.counts}
        levels={levelsBelow(u.level)}
        {...(hasDepartments ? { extra: [{ key: "departments", title: t("dept.title"), value: u.departmentCount }] } : {})}
      />
      <UnitPartyOrgs orgUnitId={u.id} />
      <Card title={t("org.children", { n: u.childCount })} size="small">
        <UnitChildren unitId={u.id} />
      </Card>
      {hasDepartments && (
        <Card title={t("dept.title")} size="small">
          <DepartmentsPanel orgUnitId={u.id} manage={u.abilities.manage} />
        </Card>
      )}
    </Flex>
  );
}
