import { useEffect, useMemo, useState } from "react";
import { TreeSelect, Typography } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { org } from "../../../common/contract/index.js";
import type { OrgUnitSummary } from "../../../common/contract/org.contract.js";
import type { OrgLevel } from "../../../common/roles.js";
import { call } from "../api/client.js";
import { keys } from "../api/keys.js";
import { useOrgTreeData } from "./use-org-tree-data.js";
import { LevelTag } from "./org-labels.js";

interface PickerNode {
  value: string;
  label: string;
  title: React.ReactNode;
  selectable: boolean;
  isLeaf: boolean;
  children?: PickerNode[];
}

interface Props {
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Only units at these levels can be picked (e.g. the levels a role may be scoped to). */
  selectableLevels?: readonly OrgLevel[] | undefined;
  placeholder?: string;
  testid: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
}

/**
 * Picks an org unit of my scope: a tree loaded a level at a time from the org API, or, while
 * typing, the server's search results (name or division code) so deep villages are one step away.
 */
export function OrgTreeSelect({ value, onChange, selectableLevels, placeholder, testid, allowClear, style }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { roots, children, ensureChildren, revealPath } = useOrgTreeData();
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  const [expanded, setExpanded] = useState<string[]>([]);

  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);

  const results = useQuery({
    queryKey: keys.orgSearch(q),
    queryFn: () => call(org.listOrgUnits, { query: { q, limit: 50 } }),
    enabled: q.length > 0,
    staleTime: 60_000,
  });

  const treeData = useMemo(() => {
    const pickable = (u: OrgUnitSummary): boolean => !u.revoked && (!selectableLevels || selectableLevels.includes(u.level));
    const node = (u: OrgUnitSummary, flat: boolean): PickerNode => {
      const kids = flat ? undefined : children.get(u.id);
      return {
        value: u.id,
        label: u.name,
        title: (
          <span data-testid={`${testid}-option-${u.divisionCode ?? u.id}`}>
            {flat && <LevelTag level={u.level} />}
            {u.name}
            {flat && u.divisionCode && <Typography.Text type="secondary"> {u.divisionCode}</Typography.Text>}
          </span>
        ),
        selectable: pickable(u),
        isLeaf: flat || u.childCount === 0,
        ...(kids ? { children: kids.map((k) => node(k, false)) } : {}),
      };
    };
    if (q) return (results.data?.items ?? []).filter(pickable).map((u) => node(u, true));
    return (roots ?? []).map((u) => node(u, false));
  }, [q, results.data, roots, children, selectableLevels, testid]);

  const select = async (id: string | undefined): Promise<void> => {
    onChange?.(id);
    setTyped("");
    if (!id || !q) return;
    // A search result: open the tree down to it before leaving search mode, so its label stays.
    const detail = await qc.fetchQuery({ queryKey: keys.orgUnit(id), queryFn: () => call(org.getOrgUnit, { params: { id } }) });
    const opened = await revealPath(detail.ancestors.map((a) => a.id));
    setExpanded((e) => [...new Set([...e, ...opened])]);
    setQ("");
  };

  return (
    <TreeSelect<string>
      data-testid={testid}
      style={{ width: "100%", ...style }}
      value={value}
      onChange={(v) => void select(v)}
      treeData={treeData}
      treeNodeLabelProp="label"
      treeExpandAction="click"
      treeExpandedKeys={q ? [] : expanded}
      onTreeExpand={(k) => setExpanded(k.map(String))}
      loadData={(n) => ensureChildren(String(n.value))}
      showSearch={{ searchValue: typed, onSearch: setTyped, filterTreeNode: false, autoClearSearchValue: true }}
      placeholder={placeholder ?? t("org.pickPlaceholder")}
      allowClear={allowClear}
      notFoundContent={q ? (results.isFetching ? t("common.loading") : t("org.searchNone", { q })) : undefined}
      listHeight={360}
    />
  );
}
