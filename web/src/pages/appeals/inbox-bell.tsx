import { Badge, Button, Empty, Flex, List, Popover, Typography } from "antd";
import { BellOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { appeals } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";
import { useCan } from "../../auth/session.js";
import { useLocale } from "../../i18n/index.js";
import { formatDateTime } from "../../shared/format.js";
import { appealKeys } from "./appeal-queries.js";

/** The header bell: the in-app inbox with its unread count (polled: escalations arrive by themselves). */
export function InboxBell() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const respondsToSummons = useCan("dispatch.respond");
  const inbox = useQuery({
    queryKey: appealKeys.inbox,
    queryFn: () => call(appeals.listNotifications, { query: { page: 1, pageSize: 10 } }),
    refetchInterval: 60_000,
  });
  const read = useMutation({
    mutationFn: (body: { ids?: string[]; all?: boolean }) => call(appeals.markNotificationsRead, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: appealKeys.inbox }),
  });
  const unread = inbox.data?.unread ?? 0;
  // A whistle message takes a department to its summons, a town to the board.
  const target = (type: string | null, id: string | null): string | null =>
    !id ? null : type === "appeal" ? `/appeals/${id}` : type === "whistle" ? (respondsToSummons ? "/my-summons" : "/whistles") : null;
  const content = (
    <Flex vertical style={{ width: 340 }} data-testid="inbox-list">
      {inbox.data?.items.length ? (
        <List
          size="small"
          dataSource={inbox.data.items}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: n.entityId ? "pointer" : "default", background: n.read ? undefined : "#e6f4ff", paddingInline: 8 }}
              onClick={() => {
                if (!n.read) read.mutate({ ids: [n.id] });
                const to = target(n.entityType, n.entityId);
                if (to) void navigate(to);
              }}
            >
              <Flex vertical>
                <Typography.Text strong={!n.read}>{n.title}</Typography.Text>
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320 }}>{n.body}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(n.createdAt, locale).slice(0, 16)}</Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("appealsUi.inboxEmpty")} />
      )}
      {unread > 0 && (
        <Button type="link" data-testid="inbox-read-all" onClick={() => read.mutate({ all: true })}>
          {t("appealsUi.inboxReadAll")}
        </Button>
      )}
    </Flex>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t("appealsUi.inbox")} content={content}>
      <Badge count={unread} size="small" data-testid="inbox-badge">
        <Button shape="circle" icon={<BellOutlined />} aria-label={t("appealsUi.inbox")} data-testid="inbox-bell" />
      </Badge>
    </Popover>
  );
}
