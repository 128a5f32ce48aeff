import { useState } from "react";
import { App, Button, Flex, Input, Modal, Radio, Select, Spin, Table, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { grids, users } from "../../../../common/contract/index.js";
import type { GridView } from "../../../../common/contract/grids.contract.js";
import { call } from "../../api/client.js";
import { useCan } from "../../auth/session.js";
import { errorMessage } from "../../shared/api-errors.js";
import { gridKeys, gridsChanged } from "./grid-queries.js";

interface Row {
  userId: string;
  displayName: string;
  username: string;
  phoneMasked: string | null;
  /** A new phone to store; empty keeps the one on file. */
  phone: string;
}

/** Sets a grid's workers (with optional new phones) and its leader; the server grants the role. */
export function GridWorkersModal({ grid, onClose }: { grid: GridView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const canSearchUsers = useCan("user.read");
  const [rows, setRows] = useState<Row[] | null>(null);
  // undefined = not touched yet: the grid's own leader shows until the user picks one.
  const [picked, setLeader] = useState<string | null | undefined>(undefined);
  const [q, setQ] = useState("");
  const detail = useQuery({
    queryKey: gridKeys.detail(grid.id),
    queryFn: () => call(grids.getGrid, { params: { id: grid.id } }),
  });
  const list: Row[] = rows ?? detail.data?.workers.map((w) => ({ ...w, phone: "" })) ?? [];
  const leader = picked === undefined ? (detail.data?.leader?.userId ?? null) : picked;
  const found = useQuery({
    queryKey: ["users", "grid-worker-search", q],
    queryFn: () => call(users.listUsers, { query: { q, page: 1, pageSize: 20 } }),
    enabled: canSearchUsers && q.length > 0,
  });
  const save = useMutation({
    mutationFn: () =>
      call(grids.setGridWorkers, {
        params: { id: grid.id },
        body: { workers: list.map((r) => ({ userId: r.userId, ...(r.phone.trim() ? { phone: r.phone.trim() } : {}) })), leaderUserId: leader },
      }),
    onSuccess: async () => {
      await gridsChanged(qc);
      message.success(t("common.saved"));
      onClose();
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  const add = (userId: string) => {
    const u = found.data?.items.find((x) => x.id === userId);
    if (!u || list.some((r) => r.userId === userId)) return;
    setRows([...list, { userId: u.id, displayName: u.displayName, username: u.username, phoneMasked: null, phone: "" }]);
  };
  const remove = (userId: string) => {
    setRows(list.filter((r) => r.userId !== userId));
    if (leader === userId) setLeader(null);
  };
  const setPhone = (userId: string, phone: string) => setRows(list.map((r) => (r.userId === userId ? { ...r, phone } : r)));

  return (
    <Modal
      open
      width={720}
      title={t("gridsUi.workersTitle", { name: `${grid.villageName} ${grid.name}` })}
      onCancel={onClose}
      onOk={() => save.mutate()}
      okButtonProps={{ "data-testid": "grid-workers-submit", disabled: !detail.data }}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {detail.isLoading ? (
        <Spin />
      ) : (
        <Flex vertical gap={12}>
          {canSearchUsers && (
            <Select
              data-testid="grid-workers-add"
              showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
              value={null}
              placeholder={t("gridsUi.workersSearch")}
              notFoundContent={found.isFetching ? <Spin size="small" /> : null}
              options={(found.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
              onChange={(v: string | null) => v && add(v)}
            />
          )}
          <Table<Row>
            rowKey="userId"
            size="small"
            pagination={false}
            dataSource={list}
            locale={{ emptyText: t("gridsUi.noWorkers") }}
            columns={[
              { title: t("field.displayName"), dataIndex: "displayName" },
              { title: t("field.username"), dataIndex: "username" },
              {
                title: t("gridsUi.phone"),
                key: "phone",
                render: (_v, r) => (
                  <Input
                    size="small"
                    maxLength={20}
                    value={r.phone}
                    placeholder={r.phoneMasked ?? t("gridsUi.phoneNone")}
                    onChange={(e) => setPhone(r.userId, e.target.value)}
                  />
                ),
              },
              {
                title: t("gridsUi.leader"),
                key: "leader",
                render: (_v, r) => <Radio checked={leader === r.userId} onChange={() => setLeader(r.userId)} data-testid={`grid-leader-${r.username}`} />,
              },
              { key: "remove", render: (_v, r) => <Button size="small" danger onClick={() => remove(r.userId)}>{t("gridsUi.remove")}</Button> },
            ]}
          />
          <Typography.Text type="secondary">{t("gridsUi.workersHint")}</Typography.Text>
        </Flex>
      )}
    </Modal>
  );
}
