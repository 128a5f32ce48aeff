import { useState } from "react";
import { Alert, Button, Empty, Flex, Input, Spin, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { org } from "../../../../common/contract/index.js";
import { call } from "../../api/client.js";
import { keys } from "../../api/keys.js";
import { LevelTag } from "../../shared/org-labels.js";
import { errorMessage } from "../../shared/api-errors.js";

const SEARCH_LIMIT = 50;

/** Search my scope by name or division code; a result opens the unit (and the tree follows). */
export function OrgSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState("");
  const results = useQuery({
    queryKey: keys.orgSearch(q),
    queryFn: () => call(org.listOrgUnits, { query: { q, limit: SEARCH_LIMIT } }),
    enabled: q.length > 0,
    staleTime: 60_000,
  });

  return (
    <div style={{ marginBottom: 12 }}>
      <Input.Search
        data-testid="org-search-input"
        placeholder={t("org.searchPlaceholder")}
        allowClear
        enterButton
        maxLength={50}
        onSearch={(v) => setQ(v.trim())}
      />
      {q && (
        <div data-testid="org-search-results" style={{ marginTop: 8, maxHeight: 320, overflow: "auto" }}>
          {results.isLoading && <Spin />}
          {results.error && <Alert type="error" title={errorMessage(results.error)} />}
          {results.data && results.data.items.length === 0 && (
            <Empty data-testid="org-search-empty" image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("org.searchNone", { q })} />
          )}
          {results.data && results.data.items.length > 0 && (
            <div style={{ border: "1px solid #f0f0f0", borderRadius: 6 }}>
              {results.data.items.map((u) => (
                <Button
                  key={u.id}
                  type="text"
                  block
                  data-testid={`org-search-result-${u.divisionCode ?? u.id}`}
                  onClick={() => navigate(`/org/${u.id}`)}
                  style={{ height: "auto", minHeight: 40, justifyContent: "space-between", borderRadius: 0 }}
                >
                  <span>
                    <LevelTag level={u.level} /> {u.name}
                    {u.ancestry && (
                      <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                        {u.ancestry}
                      </Typography.Text>
                    )}
                  </span>
                  <Typography.Text type="secondary">{u.divisionCode}</Typography.Text>
                </Button>
              ))}
              <Flex justify="space-between" align="center" style={{ padding: "4px 12px", borderTop: "1px solid #f0f0f0" }}>
                <Typography.Text type="secondary">
                  {results.data.truncated ? t("org.searchTruncated", { n: SEARCH_LIMIT }) : t("org.searchCount", { n: results.data.items.length })}
                </Typography.Text>
                <Button type="link" size="small" onClick={() => setQ("")}>
                  {t("action.close")}
                </Button>
              </Flex>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
