import { useEffect, useMemo, useState, type Key } from "react";
import { Alert, Spin, Tag, Tree, Typography, type TreeDataNode } from "antd";
import { useNavigate } from "react-router-dom";
import { useTranslation } from "react-i18next";
import type { OrgUnitSummary } from "../../../../common/contract/org.contract.js";
import { useOrgTreeData } from "../../shared/use-org-tree-data.js";
import { errorMessage } from "../../shared/api-errors.js";

export function nodeTestId(u: { id: string; divisionCode: string | null }): string {
  return `org-node-${u.divisionCode ?? u.id}`;
}

function NodeTitle({ unit }: { unit: OrgUnitSummary }) {
  const { t } = useTranslation();
  return (
    <span data-testid={nodeTestId(unit)} data-name={unit.name}>
      {unit.name}
      {unit.childCount > 0 && <Typography.Text type="secondary"> ({unit.childCount})</Typography.Text>}
      {unit.revoked && <Tag style={{ marginInlineStart: 6 }}>{t("org.revoked")}</Tag>}
    </span>
  );
}

function toNodes(units: readonly OrgUnitSummary[], children: ReadonlyMap<string, OrgUnitSummary[]>): TreeDataNode[] {
  return units.map((u) => {
    const kids = children.get(u.id);
    return {
      key: u.id,
      title: <NodeTitle unit={u} />,
      isLeaf: u.childCount === 0,
      ...(kids ? { children: toNodes(kids, children) } : {}),
    };
  });
}

function union(a: readonly Key[], b: readonly Key[]): Key[] {
  const set = new Set(a);
  return b.some((k) => !set.has(k)) ? [...a, ...b.filter((k) => !set.has(k))] : [...a];
}

/**
 * The org tree of my scope, loaded a level at a time. Selecting a unit opens its page; the tree
 * opens itself along `path` (the selected unit's ancestors and the unit) so jumps stay visible.
 */
export function OrgTree({ selectedId, path }: { selectedId?: string; path?: readonly string[] }) {
  const navigate = useNavigate();
  const data = useOrgTreeData();
  const { roots, ensureChildren, revealPath } = data;
  const [expanded, setExpanded] = useState<Key[]>([]);

  // A single root (a city, or a town admin's town) starts open: one click less for everyone.
  const onlyRoot = roots?.length === 1 ? roots[0] : undefined;
  useEffect(() => {
    if (!onlyRoot || onlyRoot.childCount === 0) return;
    let live = true;
    void ensureChildren(onlyRoot.id).then(() => live && setExpanded((e) => union(e, [onlyRoot.id])));
    return () => {
      live = false;
    };
  }, [onlyRoot, ensureChildren]);

  const pathKey = path?.join("/") ?? "";
  useEffect(() => {
    if (!pathKey) return;
    let live = true;
    void revealPath(pathKey.split("/")).then((opened) => live && setExpanded((e) => union(e, opened)));
    return () => {
      live = false;
    };
  }, [pathKey, revealPath]);

  const treeData = useMemo(() => toNodes(roots ?? [], data.children), [roots, data.children]);

  if (data.rootsError) return <Alert type="error" title={errorMessage(data.rootsError)} />;
  if (!roots) return <Spin />;
  return (
    <div data-testid="org-tree" style={{ maxHeight: "calc(100vh - 260px)", minHeight: 240, overflow: "auto" }}>
      <Tree
        blockNode
        showLine
        treeData={treeData}
        expandedKeys={expanded}
        selectedKeys={selectedId ? [selectedId] : []}
        onExpand={(keys) => setExpanded(keys)}
        loadData={(node) => ensureChildren(String(node.key))}
        onSelect={(_keys, info) => navigate(`/org/${String(info.node.key)}`)}
      />
    </div>
  );
}
