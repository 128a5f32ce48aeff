import { Card, Empty, Flex, List, Result } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ratingResults } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import { LanguageSwitch } from "../../layout/language-switch.js";

/** /public/rating — the fixed address (or QR code) of 公示: every publicised star list, newest year first. */
export function PublicIndexPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ["public-rating-schemes"], queryFn: () => call(ratingResults.publicSchemes) });
  return (
    <Flex vertical style={{ maxWidth: 720, margin: "24px auto", padding: "0 12px" }}>
      <Flex justify="flex-end"><LanguageSwitch /></Flex>
      <Card title={t("ri.publicIndex")} loading={q.isPending}>
        {q.error && <Result status="warning" subTitle={errorMessage(q.error)} />}
        {q.data && q.data.items.length === 0 && <Empty description={t("ri.publicIndexEmpty")} />}
        {q.data && q.data.items.length > 0 && (
          <List
            data-testid="public-rating-index"
            dataSource={q.data.items}
            renderItem={(s) => (
              <List.Item>
                <Link to={`/public/rating/${s.id}`}>{`${s.year} · ${s.name}`}</Link>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Flex>
  );
}
