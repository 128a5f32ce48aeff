import { Card, Col, Empty, Row } from "antd";
import { Outlet, useParams } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { useOrgUnit } from "./use-org-unit.js";
import { OrgSearch } from "./org-search.js";
import { OrgTree } from "./org-tree.js";

/** /org and /org/:id: the tree and search on the left, the selected unit on the right. */
export function OrgPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const unit = useOrgUnit(id);
  const path = unit.data ? [...unit.data.ancestors.map((a) => a.id), unit.data.id] : undefined;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9} xl={8}>
        <Card title={t("nav.org")} size="small" data-testid="org-tree-card">
          <OrgSearch />
          <OrgTree {...(id ? { selectedId: id } : {})} {...(path ? { path } : {})} />
        </Card>
      </Col>
      <Col xs={24} lg={15} xl={16}>
        {id ? <Outlet /> : <Card><Empty description={t("org.pickUnit")} /></Card>}
      </Col>
    </Row>
  );
}
