import { Table, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useTranslation } from "react-i18next";
import type { OrgUnitSummary } from "../../../../common/contract/org.contract.js";
import { keys } from "../../api/keys.js";
import { fetchChildren } from "../../shared/use-org-tree-data.js";
import { LevelTag } from "../../shared/org-labels.js";
import { errorMessage } from "../../shared/api-errors.js";
import { testId } from "../../shared/format.js";

/** The direct children of a unit, each linking to its page. */
export function UnitChildren({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const children = useQuery({ queryKey: keys.orgChildren(unitId), queryFn: () => fetchChildren(unitId), staleTime: 60_000 });
  const columns: TableColumnsType<OrgUnitSummary> = [
    {
      title: t("field.name"),
      dataIndex: "name",
      render: (_v, u) => (
        <Link to={`/org/${u.id}`} data-testid={`child-link-${u.divisionCode ?? u.id}`}>
          {u.name}
        </Link>
      ),
    },
    { title: t("org.divisionCode"), dataIndex: "divisionCode", render: (v: string | null) => v ?? "—" },
    { title: t("field.level"), dataIndex: "level", render: (_v, u) => <LevelTag level={u.level} /> },
    { title: t("org.kind"), dataIndex: "kind", render: (_v, u) => t(`kind.${u.kind}`) },
    {
      title: t("org.agricultural"),
      dataIndex: "agricultural",
      render: (v: boolean) => (v ? t("org.agriculturalYes") : t("org.agriculturalNo")),
    },
    { title: t("org.childCount"), dataIndex: "childCount", align: "right" },
  ];
  return (
    <>
      {children.error && <Typography.Text type="danger">{errorMessage(children.error)}</Typography.Text>}
      <Table<OrgUnitSummary>
        data-testid="unit-children"
        rowKey="id"
        size="middle"
        loading={children.isLoading}
        columns={columns}
        dataSource={children.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(u) => testId(`child-row-${u.divisionCode ?? u.id}`)}
        locale={{ emptyText: t("org.noChildren") }}
        scroll={{ x: true }}
      />
    </>
  );
}
