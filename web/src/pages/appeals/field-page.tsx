import { useState } from "react";
import { Badge, Button, Card, Drawer, Empty, Flex, Segmented, Spin, Typography } from "antd";
import { EyeOutlined, FormOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { appeals } from "../../../../common/contract/index.js";
import type { AppealSummary } from "../../../../common/contract/appeals.contract.js";
import { call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import { AppealActions } from "./appeal-actions.js";
import { appealKeys } from "./appeal-queries.js";
import { DueTag, ScaleTag, StatusTag } from "./appeal-tags.js";
import { FileAppealForm } from "./file-appeal-form.js";

type FieldQueue = "mine" | "dueSoon" | "overdue";

/** One appeal opened from the list: its facts and big buttons for what may be done now. */
function QuickSheet({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useQuery({ queryKey: appealKeys.detail(id), queryFn: () => call(appeals.getAppeal, { params: { id } }) });
  const a = detail.data;
  return (
    <Drawer open placement="bottom" size="85%" onClose={onClose} title={<span data-testid="field-sheet-code">{a?.trackingCode ?? ""}</span>}>
      {!a ? (
        <Spin />
      ) : (
        <Flex vertical gap={12}>
          <Flex gap={6} wrap>
            <StatusTag status={a.status} />
            <ScaleTag scale={a.scale} />
            <DueTag dueAt={a.dueAt} warning={a.warning} />
          </Flex>
          <Typography.Text strong>{a.categoryName}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap", fontSize: 16 }}>{a.description}</Typography.Paragraph>
          {a.locationText && <Typography.Text type="secondary">{a.locationText}</Typography.Text>}
          <AppealActions appeal={a} size="large" />
          <Link to={`/appeals/${a.id}`}>
            <Button block size="large" icon={<EyeOutlined />}>{t("appealsUi.fullDetail")}</Button>
          </Link>
        </Flex>
      )}
    </Drawer>
  );
}

function AppealCard({ a, onOpen }: { a: AppealSummary; onOpen: () => void }) {
  const border = a.warning === "red" ? "#ff4d4f" : a.warning === "yellow" ? "#faad14" : "#f0f0f0";
  return (
    <Card size="small" hoverable onClick={onOpen} style={{ borderLeft: `6px solid ${border}` }} data-testid={`field-appeal-${a.trackingCode}`}>
      <Flex vertical gap={6} style={{ minHeight: 64 }}>
        <Flex justify="space-between" align="center" gap={6} wrap>
          <Typography.Text strong style={{ fontSize: 16 }}>{a.categoryName}</Typography.Text>
          <StatusTag status={a.status} />
        </Flex>
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 15 }}>{a.description}</Typography.Paragraph>
        <Flex justify="space-between" align="center" gap={6} wrap>
          <Typography.Text type="secondary">{[a.villageName, a.gridName].filter(Boolean).join(" ")}</Typography.Text>
          <DueTag dueAt={a.dueAt} warning={a.warning} />
        </Flex>
      </Flex>
    </Card>
  );
}

/** /field — the grid worker's phone screen: my grid's appeals as big cards, quick actions, 代办 and 主动发现. */
export function FieldPage() {
  const { t } = useTranslation();
  const [queue, setQueue] = useState<FieldQueue>("mine");
  const [opened, setOpened] = useState<string | null>(null);
  const [filing, setFiling] = useState<"onBehalf" | "patrol" | null>(null);
  const query = { queue, page: 1, pageSize: 50, ...(queue === "mine" ? { open: "true" as const } : {}) };
  const list = useQuery({ queryKey: appealKeys.list(query), queryFn: () => call(appeals.listAppeals, { query }), placeholderData: keepPreviousData, refetchInterval: 60_000 });
  const counts = useQuery({
    queryKey: appealKeys.list({ field: "overdue-count" }),
    queryFn: () => call(appeals.listAppeals, { query: { queue: "overdue", page: 1, pageSize: 1 } }),
  });
  return (
    <Flex vertical gap={12} style={{ maxWidth: 640, margin: "0 auto" }} data-testid="field-page">
      <Flex gap={12}>
        <Button type="primary" size="large" icon={<FormOutlined />} style={{ flex: 1, height: 64, fontSize: 18 }} data-testid="field-on-behalf" onClick={() => setFiling("onBehalf")}>
          {t("appealsUi.onBehalf")}
        </Button>
        <Button size="large" icon={<EyeOutlined />} style={{ flex: 1, height: 64, fontSize: 18 }} data-testid="field-patrol" onClick={() => setFiling("patrol")}>
          {t("appealsUi.patrol")}
        </Button>
      </Flex>
      <Segmented<FieldQueue>
        block
        size="large"
        value={queue}
        onChange={setQueue}
        options={[
          { value: "mine", label: t("appealsUi.queue.mine") },
          { value: "dueSoon", label: t("appealsUi.queue.dueSoon") },
          { value: "overdue", label: <Badge count={counts.data?.total ?? 0} size="small" offset={[8, -2]}>{t("appealsUi.queue.overdue")}</Badge> },
        ]}
      />
      {list.isLoading ? (
        <Spin />
      ) : list.error ? (
        <Typography.Text type="danger">{errorMessage(list.error)}</Typography.Text>
      ) : list.data?.items.length ? (
        list.data.items.map((a) => <AppealCard key={a.id} a={a} onOpen={() => setOpened(a.id)} />)
      ) : (
        <Empty description={t("appealsUi.none")} />
      )}
      {opened && <QuickSheet id={opened} onClose={() => setOpened(null)} />}
      <Drawer
        open={filing !== null}
        placement="bottom"
        size="95%"
        title={filing === "patrol" ? t("appealsUi.patrol") : t("appealsUi.onBehalf")}
        onClose={() => setFiling(null)}
        destroyOnHidden
      >
        {filing && (
          <FileAppealForm
            channel={filing}
            onDone={(a) => {
              setFiling(null);
              setOpened(a.id);
            }}
          />
        )}
      </Drawer>
    </Flex>
  );
}
