import { useState } from "react";
import { Button, Card, Empty, Flex, Spin } from "antd";
import { NotificationOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { OPEN_STATUSES } from "../../../../../common/appeals.js";
import type { AppealDetail } from "../../../../../common/contract/appeals.contract.js";
import { listWhistles } from "../../../../../common/contract/whistle.contract.js";
import { call } from "../../../api/client.js";
import { useCan } from "../../../auth/session.js";
import { BlowWhistleModal } from "./blow-whistle-modal.js";
import { WhistleStatusTag, WhistleSummons } from "./whistle-board-page.js";
import { whistleKeys } from "./whistle-queries.js";

/** The appeal's whistles on its detail screen, and the 吹哨 button while it is still open. */
export function AppealWhistles({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation();
  const canBlow = useCan("appeal.dispatch") && OPEN_STATUSES.includes(appeal.status);
  const [blowing, setBlowing] = useState(false);
  const query = { appealId: appeal.id, page: 1, pageSize: 20 };
  const list = useQuery({ queryKey: whistleKeys.list(query), queryFn: () => call(listWhistles, { query }) });
  const items = list.data?.items ?? [];
  return (
    <Card
      size="small"
      title={t("whistleUi.ofAppeal")}
      extra={
        canBlow && (
          <Button danger icon={<NotificationOutlined />} data-testid="appeal-whistle" onClick={() => setBlowing(true)}>
            {t("whistleUi.blow")}
          </Button>
        )
      }
    >
      {list.isLoading ? (
        <Spin />
      ) : items.length ? (
        <Flex vertical gap={16} data-testid="appeal-whistles">
          {items.map((w) => (
            <Flex key={w.id} vertical gap={6}>
              <Flex gap={8} align="center">
                <strong>{w.title}</strong>
                <WhistleStatusTag status={w.status} />
              </Flex>
              <WhistleSummons id={w.id} />
            </Flex>
          ))}
        </Flex>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("whistleUi.noneForAppeal")} />
      )}
      {blowing && (
        <BlowWhistleModal
          appeal={{ id: appeal.id, townId: appeal.townId, title: `${appeal.categoryName}：${appeal.description.slice(0, 40)}`, urgent: appeal.scale === "urgent" }}
          onClose={() => setBlowing(false)}
        />
      )}
    </Card>
  );
}
