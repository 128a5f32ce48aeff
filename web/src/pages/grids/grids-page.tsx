import { useState } from "react";
import { App, Button, Card, Dropdown, Flex, Input, Space, Table, Tag, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { DownloadOutlined, PlusOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { grids } from "../../../../common/contract/index.js";
import type { GridView } from "../../../../common/contract/grids.contract.js";
import { call } from "../../api/client.js";
import { useCan } from "../../auth/session.js";
import { errorMessage } from "../../shared/api-errors.js";
import { testId } from "../../shared/format.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";
import { BulkCreateModal, GridFormModal } from "./grid-form-modal.js";
import { GridWorkersModal } from "./grid-workers-modal.js";
import { batchSignboardUrl, gridKeys, gridsChanged, signboardUrl } from "./grid-queries.js";

type Dialog = { kind: "create" } | { kind: "bulk" } | { kind: "edit" | "workers"; grid: GridView } | null;

function SignboardMenu({ grid }: { grid: GridView }) {
  const { t } = useTranslation();
  return (
    <Dropdown
      menu={{
        items: (["A4", "A3"] as const).map((paper) => ({
          key: paper,
          label: (
            <a href={signboardUrl(grid.id, paper)} download data-testid={`grid-signboard-${grid.code}-${paper}`}>
              {t("gridsUi.signboardPaper", { paper })}
            </a>
          ),
        })),
      }}
    >
      <Button size="small" icon={<DownloadOutlined />} data-testid={`grid-signboard-${grid.code}`}>
        {t("gridsUi.signboard")}
      </Button>
    </Dropdown>
  );
}

/** /grids — grids of a village or town: create, edit, bulk create, workers, signboards, token rotation. */
export function GridsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const canManage = useCan("grid.manage");
  const [underId, setUnderId] = useState<string | undefined>();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [dialog, setDialog] = useState<Dialog>(null);

  const query = { underId, q: q || undefined, page, pageSize };
  const list = useQuery({ queryKey: gridKeys.list(query), queryFn: () => call(grids.listGrids, { query }), placeholderData: keepPreviousData });
  const onError = (err: unknown) => void message.error(errorMessage(err));

  const rotate = useMutation({
    mutationFn: (g: GridView) => call(grids.rotateSignboard, { params: { id: g.id } }),
    onSuccess: async (r) => {
      await gridsChanged(qc);
      // The new link is shown once, so it can be tried on a phone before the board is reprinted.
      modal.success({
        title: t("gridsUi.rotated", { version: r.signboardVersion }),
        content: (
          <Typography.Paragraph copyable={{ text: r.url }} style={{ wordBreak: "break-all" }} data-testid="grid-rotated-url">
            {r.url}
          </Typography.Paragraph>
        ),
      });
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (g: GridView) => call(grids.deleteGrid, { params: { id: g.id } }),
    onSuccess: () => gridsChanged(qc),
    onError,
  });
  const confirmRotate = (g: GridView) =>
    modal.confirm({
      title: t("gridsUi.rotateConfirm", { name: `${g.villageName} ${g.name}` }),
      content: t("gridsUi.rotateWarning"),
      okButtonProps: { danger: true, ...testId("grid-rotate-ok") },
      onOk: () => rotate.mutateAsync(g),
    });
  const confirmDelete = (g: GridView) =>
    modal.confirm({
      title: t("gridsUi.deleteConfirm", { name: `${g.villageName} ${g.name}` }),
      okButtonProps: { danger: true },
      onOk: () => remove.mutateAsync(g),
    });

  const columns: TableColumnsType<GridView> = [
    { title: t("gridsUi.code"), dataIndex: "code", render: (v: string) => <Typography.Text code style={{ whiteSpace: "nowrap" }}>{v}</Typography.Text> },
    { title: t("gridsUi.name"), dataIndex: "name", render: (v: string) => <span style={{ whiteSpace: "nowrap" }}>{v}</span> },
    { title: t("gridsUi.village"), key: "village", render: (_v, g) => `${g.townName} / ${g.villageName}` },
    { title: t("gridsUi.households"), dataIndex: "households", align: "right" },
    { title: t("gridsUi.leader"), key: "leader", render: (_v, g) => g.leader?.displayName ?? <Typography.Text type="secondary">—</Typography.Text> },
    { title: t("gridsUi.workers"), dataIndex: "workerCount", align: "right" },
    {
      title: t("gridsUi.centre"),
      key: "centre",
      responsive: ["xl"],
      render: (_v, g) => (g.centre ? `${g.centre.lng.toFixed(4)}, ${g.centre.lat.toFixed(4)}` : "—"),
    },
    { title: t("gridsUi.signboardVersion"), dataIndex: "signboardVersion", render: (v: number) => <Tag>v{v}</Tag> },
    {
      title: t("common.actions"),
      key: "actions",
      render: (_v, g) => (
        <Space wrap size={4}>
          <SignboardMenu grid={g} />
          {g.abilities.manage && (
            <>
              <Button size="small" data-testid={`grid-edit-${g.code}`} onClick={() => setDialog({ kind: "edit", grid: g })}>{t("gridsUi.edit")}</Button>
              <Button size="small" data-testid={`grid-workers-${g.code}`} onClick={() => setDialog({ kind: "workers", grid: g })}>{t("gridsUi.workers")}</Button>
              <Button size="small" data-testid={`grid-rotate-${g.code}`} onClick={() => confirmRotate(g)}>{t("gridsUi.rotate")}</Button>
              <Button size="small" danger data-testid={`grid-delete-${g.code}`} onClick={() => confirmDelete(g)}>{t("gridsUi.delete")}</Button>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t("nav.grids")}
      extra={
        canManage && (
          <Space wrap>
            <Button type="primary" icon={<PlusOutlined />} data-testid="grid-create" onClick={() => setDialog({ kind: "create" })}>
              {t("gridsUi.create")}
            </Button>
            <Button data-testid="grid-bulk" onClick={() => setDialog({ kind: "bulk" })}>{t("gridsUi.bulk")}</Button>
          </Space>
        )
      }
    >
      <Flex wrap gap={12} style={{ marginBottom: 16 }}>
        <OrgTreeSelect
          testid="grid-filter-unit"
          allowClear
          selectableLevels={["district", "town", "village"]}
          placeholder={t("gridsUi.filterUnit")}
          style={{ width: 300 }}
          {...(underId ? { value: underId } : {})}
          onChange={(v) => {
            setUnderId(v);
            setPage(1);
          }}
        />
        <Input.Search
          data-testid="grid-search"
          allowClear
          placeholder={t("gridsUi.searchPlaceholder")}
          style={{ width: 240 }}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
        />
        <Dropdown
          disabled={!underId}
          menu={{
            items: (["A4", "A3"] as const).map((paper) => ({
              key: paper,
              label: (
                <a href={underId ? batchSignboardUrl(underId, paper) : undefined} download data-testid={`grid-batch-${paper}`}>
                  {t("gridsUi.signboardPaper", { paper })}
                </a>
              ),
            })),
          }}
        >
          <Button icon={<DownloadOutlined />} data-testid="grid-batch" title={underId ? undefined : t("gridsUi.batchHint")}>
            {t("gridsUi.batch")}
          </Button>
        </Dropdown>
      </Flex>
      <Table<GridView>
        data-testid="grids-table"
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        onRow={(g) => testId(`grid-row-${g.code}`)}
        locale={{ emptyText: list.error ? errorMessage(list.error) : t("gridsUi.none") }}
        scroll={{ x: true }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) => t("common.total", { n }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
      />
      {dialog?.kind === "create" && <GridFormModal grid={null} villageId={underId} onClose={() => setDialog(null)} />}
      {dialog?.kind === "edit" && <GridFormModal grid={dialog.grid} onClose={() => setDialog(null)} />}
      {dialog?.kind === "bulk" && <BulkCreateModal villageId={underId} onClose={() => setDialog(null)} />}
      {dialog?.kind === "workers" && <GridWorkersModal grid={dialog.grid} onClose={() => setDialog(null)} />}
    </Card>
  );
}
