import { useState } from "react";
import { App, Button, Card, Flex, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { rating } from "../../../../common/contract/index.js";
import type { CategoryRow } from "../../../../common/contract/rating.contract.js";
import { VILLAGE_CATEGORIES, type VillageCategory } from "../../../../common/rating.js";
import { call } from "../../api/client.js";
import { useCan } from "../../auth/session.js";
import { errorMessage } from "../../shared/api-errors.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";
import { ratingKeys } from "./rating-keys.js";
import { businessYear } from "./rating-ui.js";

/** /rating/categories — 差异化考核: each village's category for a year, the suggestion and why, bulk change and "accept all suggestions". */
export function CategoriesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const canSet = useCan("rating.approve");
  const [year, setYear] = useState(businessYear());
  const [orgUnitId, setOrgUnitId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [edits, setEdits] = useState<Record<string, VillageCategory>>({});
  const query = { year, orgUnitId, page, pageSize: 50 };
  const list = useQuery({ queryKey: ratingKeys.categories(query), queryFn: () => call(rating.listCategories, { query }), placeholderData: keepPreviousData });

  const save = useMutation({
    mutationFn: (body: { items?: { orgUnitId: string; category: VillageCategory }[]; acceptSuggestionsUnder?: string }) => call(rating.setCategories, { body: { year, ...body } }),
    onSuccess: (r) => {
      void message.success(t("rt.categoriesSaved", { n: r.updated }));
      setEdits({});
      setSelected([]);
      void qc.invalidateQueries({ queryKey: ["rating"] });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  const setMany = (cat: VillageCategory) => setEdits((e) => ({ ...e, ...Object.fromEntries(selected.map((id) => [id, cat])) }));
  const columns: TableColumnsType<CategoryRow> = [
    { title: t("rt.village"), dataIndex: "name" },
    { title: t("rt.town"), dataIndex: "townName" },
    { title: t("org.divisionCode"), dataIndex: "divisionCode" },
    {
      title: t("rt.category"),
      key: "category",
      render: (_v, r) => (
        <Select<VillageCategory>
          data-testid={`category-${r.divisionCode ?? r.orgUnitId}`}
          disabled={!canSet}
          style={{ width: 170 }}
          placeholder={t("rt.uncategorised")}
          value={edits[r.orgUnitId] ?? r.category ?? undefined}
          onChange={(c) => setEdits((e) => ({ ...e, [r.orgUnitId]: c }))}
          options={VILLAGE_CATEGORIES.map((c) => ({ value: c, label: t(`rt.cat.${c}`) }))}
        />
      ),
    },
    {
      title: t("rt.suggested"),
      key: "suggested",
      render: (_v, r) => (
        <Space>
          <Tag color={r.category === r.suggested ? "default" : "blue"}>{t(`rt.cat.${r.suggested}`)}</Tag>
          <Typography.Text type="secondary">{t(`rt.because.${r.suggestedBecause}`)}</Typography.Text>
          {canSet && r.category !== r.suggested && (
            <a onClick={() => setEdits((e) => ({ ...e, [r.orgUnitId]: r.suggested }))}>{t("rt.accept")}</a>
          )}
        </Space>
      ),
    },
  ];
  const pending = Object.entries(edits).map(([id, category]) => ({ orgUnitId: id, category }));

  return (
    <Card
      title={t("rt.categories")}
      extra={
        <Space wrap>
          <Select value={year} onChange={setYear} options={Array.from({ length: 4 }, (_v, i) => businessYear() + 1 - i).map((y) => ({ value: y, label: t("rt.yearN", { year: y }) }))} />
          <OrgTreeSelect testid="categories-unit" value={orgUnitId} onChange={(v) => { setOrgUnitId(v); setPage(1); }} allowClear selectableLevels={["city", "district", "town"]} style={{ minWidth: 220 }} />
        </Space>
      }
    >
      {canSet && (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select<VillageCategory> placeholder={t("rt.setSelectedTo")} disabled={!selected.length} style={{ width: 200 }} onChange={setMany} options={VILLAGE_CATEGORIES.map((c) => ({ value: c, label: t(`rt.cat.${c}`) }))} />
          <Button type="primary" data-testid="categories-save" disabled={!pending.length} loading={save.isPending} onClick={() => save.mutate({ items: pending })}>
            {t("rt.saveN", { n: pending.length })}
          </Button>
          {orgUnitId && (
            <Popconfirm title={t("rt.acceptAllConfirm")} onConfirm={() => save.mutate({ acceptSuggestionsUnder: orgUnitId })} okButtonProps={{ "data-testid": "categories-accept-all-ok" }}>
              <Button data-testid="categories-accept-all">{t("rt.acceptAll")}</Button>
            </Popconfirm>
          )}
        </Flex>
      )}
      <Table<CategoryRow>
        data-testid="categories-table"
        rowKey="orgUnitId"
        size="small"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        rowSelection={canSet ? { selectedRowKeys: selected, onChange: (k) => setSelected(k.map(String)) } : undefined}
        locale={{ emptyText: list.error ? errorMessage(list.error) : undefined }}
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => t("common.total", { n }) }}
        scroll={{ x: true }}
      />
    </Card>
  );
}
