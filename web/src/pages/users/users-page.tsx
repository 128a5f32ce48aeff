import { useState } from "react";
import { App, Button, Card, Flex, Input, Popconfirm, Space, Table, Tag } from "antd";
import type { TableColumnsType } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { users } from "../../../../common/contract/index.js";
import type { UserView } from "../../../../common/contract/users.contract.js";
import type { GrantView } from "../../../../common/contract/auth.contract.js";
import { call } from "../../api/client.js";
import { keys } from "../../api/keys.js";
import { useCan, useSignedIn } from "../../auth/session.js";
import { useLocale } from "../../i18n/index.js";
import { errorMessage } from "../../shared/api-errors.js";
import { formatDateTime, testId } from "../../shared/format.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";
import { CreateUserDrawer } from "./create-user-drawer.js";
import { AddGrantModal, ResetPasswordModal } from "./user-dialogs.js";
import { userChanged } from "./user-cache.js";

type Dialog = { kind: "grant" | "password"; user: UserView } | null;

function StatusTag({ user }: { user: UserView }) {
  const { t } = useTranslation();
  if (user.disabled) return <Tag color="red">{t("common.disabled")}</Tag>;
  if (user.lockedUntil && new Date(user.lockedUntil) > new Date()) return <Tag color="orange">{t("users.locked")}</Tag>;
  return <Tag color="green">{t("common.active")}</Tag>;
}

function GrantTags({ user, onRemove }: { user: UserView; onRemove: (g: GrantView) => void }) {
  const { t } = useTranslation();
  // The server refuses to remove the last grant; offering it would only lead to an error.
  const removable = user.abilities.manage && user.grants.length > 1;
  return (
    <Flex wrap gap={4}>
      {user.grants.map((g) => (
        <Tag
          key={g.id}
          color="blue"
          data-testid={`grant-${user.username}-${g.role}-${g.divisionCode ?? g.orgUnitId}`}
          closable={removable}
          onClose={(e) => {
            e.preventDefault();
            onRemove(g);
          }}
        >
          {t("users.grantTag", { role: t(`role.${g.role}`), unit: g.orgUnitName })}
        </Tag>
      ))}
    </Flex>
  );
}

/** /users — users with a grant in my scope; managers create them and change grants and status. */
export function UsersPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const canManage = useCan("user.manage");
  const me = useSignedIn();
  const [q, setQ] = useState("");
  const [orgUnitId, setOrgUnitId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);

  const query = { q: q || undefined, orgUnitId, page, pageSize };
  const list = useQuery({
    queryKey: [...keys.users, query],
    queryFn: () => call(users.listUsers, { query }),
    placeholderData: keepPreviousData,
  });
  const changed = (user: UserView) => userChanged(qc, user);
  const onError = (err: unknown) => void message.error(errorMessage(err));

  const setDisabled = useMutation({
    mutationFn: (v: { user: UserView; disabled: boolean }) =>
      call(users.setUserDisabled, { params: { id: v.user.id }, body: { disabled: v.disabled } }),
    onSuccess: changed,
    onError,
  });
  const removeGrant = useMutation({
    mutationFn: (v: { user: UserView; grant: GrantView }) => call(users.removeGrant, { params: { id: v.user.id, grantId: v.grant.id } }),
    onSuccess: changed,
    onError,
  });
  const confirmRemove = (user: UserView, grant: GrantView) =>
    modal.confirm({
      title: t("users.removeGrantConfirm", { role: t(`role.${grant.role}`), unit: grant.orgUnitName, name: user.displayName }),
      okButtonProps: { danger: true },
      onOk: () => removeGrant.mutateAsync({ user, grant }),
    });

  const columns: TableColumnsType<UserView> = [
    { title: t("field.username"), dataIndex: "username" },
    { title: t("field.displayName"), dataIndex: "displayName" },
    { title: t("users.grants"), key: "grants", render: (_v, u) => <GrantTags user={u} onRemove={(g) => confirmRemove(u, g)} /> },
    { title: t("common.status"), key: "status", render: (_v, u) => <StatusTag user={u} /> },
    { title: t("users.createdAt"), dataIndex: "createdAt", render: (v: string) => formatDateTime(v, locale), responsive: ["xl"] },
    {
      title: t("common.actions"),
      key: "actions",
      render: (_v, u) =>
        u.abilities.manage && (
          <Space wrap>
            <Button data-testid={`user-add-grant-${u.username}`} onClick={() => setDialog({ kind: "grant", user: u })}>
              {t("users.addGrant")}
            </Button>
            <Button data-testid={`user-reset-password-${u.username}`} onClick={() => setDialog({ kind: "password", user: u })}>
              {t("users.resetPassword")}
            </Button>
            {u.id !== me.user.id && (
              <Popconfirm
                title={u.disabled ? t("users.enableConfirm", { name: u.displayName }) : t("users.disableConfirm", { name: u.displayName })}
                onConfirm={() => setDisabled.mutateAsync({ user: u, disabled: !u.disabled })}
              >
                <Button data-testid={`user-toggle-${u.username}`} danger={!u.disabled}>
                  {u.disabled ? t("action.enable") : t("action.disable")}
                </Button>
              </Popconfirm>
            )}
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={t("nav.users")}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} data-testid="user-create" onClick={() => setCreating(true)}>
            {t("users.create")}
          </Button>
        )
      }
    >
      <Flex wrap gap={12} style={{ marginBottom: 16 }}>
        <Input.Search
          data-testid="user-search"
          allowClear
          placeholder={t("users.searchPlaceholder")}
          style={{ width: 280 }}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
        />
        <OrgTreeSelect
          testid="user-filter-unit"
          allowClear
          placeholder={t("users.filterUnit")}
          style={{ width: 280 }}
          {...(orgUnitId ? { value: orgUnitId } : {})}
          onChange={(v) => {
            setOrgUnitId(v);
            setPage(1);
          }}
        />
      </Flex>
      <Table<UserView>
        data-testid="users-table"
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        onRow={(u) => testId(`user-row-${u.username}`)}
        locale={{ emptyText: list.error ? errorMessage(list.error) : t("users.none") }}
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
      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} />
      {dialog?.kind === "grant" && <AddGrantModal user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === "password" && <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} />}
    </Card>
  );
}
