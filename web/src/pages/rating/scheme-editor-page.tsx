import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Col, Empty, Flex, Popconfirm, Result, Row, Space, Tabs, Tag, Tree, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { rating } from "../../../../common/contract/index.js";
import type { SchemeDetail } from "../../../../common/contract/rating.contract.js";
import { ApiError, call } from "../../api/client.js";
import { errorMessage } from "../../shared/api-errors.js";
import { ratingKeys } from "./rating-keys.js";
import { DimensionForm, IndicatorForm } from "./scheme-indicator-form.js";
import { SchemeOverrides } from "./scheme-overrides.js";
import { ElderlyAgeInput } from "./scheme-exemption.js";
import { SchemePreview } from "./scheme-preview.js";
import { GradingEditor, VetoesEditor } from "./scheme-rules.js";
import { asSchemeBody, errorsUnder, indicatorPath, type SchemeBody } from "./scheme-types.js";

type Sel = { d: number; i: number | null };
const STATUS_COLOUR = { draft: "default", published: "success", archived: "warning" } as const;

/** /rating/schemes/:id — the scheme editor: tree of dimensions and indicators, category overrides, vetoes, grading, preview; save, publish, new version. */
export function SchemeEditorPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { id = "" } = useParams();
  const q = useQuery({ queryKey: ratingKeys.scheme(id), queryFn: () => call(rating.getScheme, { params: { id } }) });
  const metrics = useQuery({ queryKey: ratingKeys.metrics, queryFn: () => call(rating.listMetrics), staleTime: 5 * 60_000 });
  const [body, setBody] = useState<SchemeBody | null>(null);
  const [dirty, setDirty] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [sel, setSel] = useState<Sel>({ d: 0, i: 0 });

  useEffect(() => {
    if (q.data) {
      setBody(asSchemeBody(q.data.body));
      setDirty(false);
    }
  }, [q.data]);

  const update = (fn: (b: SchemeBody) => void) =>
    setBody((b) => {
      if (!b) return b;
      const next = structuredClone(b);
      fn(next);
      setDirty(true);
      return next;
    });

  const onSaved = (s: SchemeDetail, text: string) => {
    qc.setQueryData(ratingKeys.scheme(s.id), s);
    void qc.invalidateQueries({ queryKey: ["rating", "schemes"] });
    setFields({});
    void message.success(text);
  };
  const onError = (e: Error) => {
    if (e instanceof ApiError) setFields(e.fields);
    void message.error(errorMessage(e));
  };
  const save = useMutation({ mutationFn: (b: SchemeBody) => call(rating.updateScheme, { params: { id }, body: { body: { ...b } } }), onSuccess: (s) => onSaved(s, t("common.saved")), onError });
  const publish = useMutation({ mutationFn: () => call(rating.publishScheme, { params: { id } }), onSuccess: (s) => onSaved(s, t("rt.ed.published")), onError });
  const archive = useMutation({ mutationFn: () => call(rating.archiveScheme, { params: { id } }), onSuccess: (s) => onSaved(s, t("rt.ed.archived")), onError });
  const newVersion = useMutation({
    mutationFn: () => call(rating.newSchemeVersion, { params: { id } }),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ["rating", "schemes"] });
      void message.success(t("rt.ed.newVersionMade", { v: s.version }));
      void navigate(`/rating/schemes/${s.id}`);
    },
    onError,
  });

  const treeData = useMemo(() => {
    if (!body) return [];
    const hasErr = (prefix: string) => Object.keys(fields).some((k) => k === prefix || k.startsWith(`${prefix}.`));
    const mark = (text: string, bad: boolean) => (bad ? <Typography.Text type="danger">{text} ⚠</Typography.Text> : text);
    return body.dimensions.map((dim, d) => ({
      key: `${d}`,
      title: <span data-testid={`tree-dim-${dim.code}`}>{mark(`${dim.name} (${dim.maxPoints})`, Object.keys(fields).some((k) => k === `body.dimensions.${d}` || k.startsWith(`body.dimensions.${d}.`) && !k.includes(".indicators.")))}</span>,
      children: dim.indicators.map((ind, i) => ({
        key: `${d}-${i}`,
        title: <span data-testid={`tree-ind-${ind.code}`}>{mark(`${ind.name} · ${t(`rt.method.${ind.method}`)} · ${ind.negative ? "-" : ""}${ind.maxPoints}`, hasErr(indicatorPath(d, i)))}</span>,
      })),
    }));
  }, [body, fields, t]);

  if (q.error) return <Result status="warning" title={t("common.loadFailed")} subTitle={errorMessage(q.error)} />;
  const s = q.data;
  if (!s || !body) return <Card loading />;
  const readOnly = !s.abilities.edit;
  const dim = body.dimensions[sel.d];
  const ind = sel.i !== null ? dim?.indicators[sel.i] : undefined;
  const roles = body.evaluators.map((e) => e.role);
  const otherErrors = Object.entries(fields).filter(([k]) => !k.startsWith("body.dimensions.") && !k.startsWith("body.vetoes") && !k.startsWith("body.grading") && !k.startsWith("body.evaluators"));

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space wrap>
            <span data-testid="scheme-title">{`${s.year} · ${s.name}`}</span>
            <Tag>v{s.version}</Tag>
            <Tag color={STATUS_COLOUR[s.status]} data-testid="scheme-status">{t(`rt.schemeStatus.${s.status}`)}</Tag>
            {dirty && <Tag color="orange">{t("rt.ed.unsaved")}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {s.abilities.edit && <Button type="primary" data-testid="scheme-save" loading={save.isPending} disabled={!dirty} onClick={() => save.mutate(body)}>{t("rt.ed.save")}</Button>}
            {s.abilities.publish && (
              <Popconfirm title={t("rt.ed.publishConfirm")} onConfirm={() => publish.mutate()} okButtonProps={{ "data-testid": "scheme-publish-ok" }} disabled={dirty}>
                <Button data-testid="scheme-publish" disabled={dirty} loading={publish.isPending}>{t("rt.ed.publish")}</Button>
              </Popconfirm>
            )}
            {s.abilities.newVersion && <Button data-testid="scheme-new-version" loading={newVersion.isPending} onClick={() => newVersion.mutate()}>{t("rt.ed.newVersion")}</Button>}
            {s.abilities.archive && <Popconfirm title={t("rt.ed.archiveConfirm")} onConfirm={() => archive.mutate()}><Button danger>{t("rt.ed.archive")}</Button></Popconfirm>}
          </Space>
        }
      >
        {readOnly && s.status !== "draft" && <Alert type="info" showIcon message={t("rt.ed.frozen")} style={{ marginBottom: 12 }} />}
        {otherErrors.length > 0 && <Alert type="error" data-testid="scheme-errors" message={otherErrors.map(([k, v]) => `${k}: ${v}`).join("；")} style={{ marginBottom: 12 }} />}
        <Typography.Text type="secondary">
          {t("rt.ed.summary", { total: body.totalPoints ?? 100, dims: body.dimensions.length, inds: body.dimensions.reduce((n, d) => n + d.indicators.length, 0), cats: body.categories.length, days: body.publicityDays ?? 5 })}
        </Typography.Text>
        <ElderlyAgeInput body={body} fields={fields} readOnly={readOnly} update={update} />
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: "tree",
              label: <span data-testid="tab-tree">{t("rt.ed.indicators")}</span>,
              children: (
                <Row gutter={16}>
                  <Col xs={24} lg={9}>
                    <Tree
                      data-testid="scheme-tree"
                      defaultExpandAll
                      blockNode
                      treeData={treeData}
                      selectedKeys={[sel.i === null ? `${sel.d}` : `${sel.d}-${sel.i}`]}
                      onSelect={(k) => {
                        const [d, i] = String(k[0] ?? "0").split("-");
                        setSel({ d: Number(d), i: i === undefined ? null : Number(i) });
                      }}
                    />
                    {!readOnly && (
                      <Button size="small" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => { update((b) => void b.dimensions.push({ code: `dim${b.dimensions.length + 1}`, name: t("rt.ed.newDimension"), maxPoints: 0, indicators: [] })); setSel({ d: body.dimensions.length, i: null }); }}>
                        {t("rt.ed.addDimension")}
                      </Button>
                    )}
                  </Col>
                  <Col xs={24} lg={15}>
                    {ind && sel.i !== null ? (
                      <IndicatorForm
                        key={`${sel.d}-${sel.i}`}
                        ind={ind}
                        errors={errorsUnder(fields, indicatorPath(sel.d, sel.i))}
                        readOnly={readOnly}
                        metrics={metrics.data?.items ?? []}
                        roles={roles}
                        onChange={(next) => update((b) => { const dd = b.dimensions[sel.d]; if (dd && sel.i !== null) dd.indicators[sel.i] = next; })}
                        onRemove={() => { const i = sel.i; update((b) => void b.dimensions[sel.d]?.indicators.splice(i ?? 0, 1)); setSel({ d: sel.d, i: null }); }}
                      />
                    ) : dim ? (
                      <DimensionForm
                        dim={dim}
                        errors={errorsUnder(fields, `body.dimensions.${sel.d}`)}
                        readOnly={readOnly}
                        onChange={(next) => update((b) => void (b.dimensions[sel.d] = next))}
                        onAddIndicator={() => { update((b) => void b.dimensions[sel.d]?.indicators.push({ code: `${dim.code}.new${dim.indicators.length + 1}`, name: t("rt.ed.newIndicator"), method: "manual", maxPoints: 1, evidence: "optional", source: "manual", roles: ["town"] })); setSel({ d: sel.d, i: dim.indicators.length }); }}
                        onRemove={() => { update((b) => void b.dimensions.splice(sel.d, 1)); setSel({ d: 0, i: null }); }}
                      />
                    ) : (
                      <Empty />
                    )}
                  </Col>
                </Row>
              ),
            },
            { key: "ovr", label: <span data-testid="tab-overrides">{t("rt.ed.overrides")}</span>, children: <SchemeOverrides body={body} fields={fields} readOnly={readOnly} update={update} /> },
            { key: "rules", label: <span data-testid="tab-rules">{t("rt.ed.rules")}</span>, children: <><VetoesEditor body={body} fields={fields} readOnly={readOnly} update={update} /><div style={{ height: 16 }} /><GradingEditor body={body} fields={fields} readOnly={readOnly} update={update} /></> },
            { key: "preview", label: <span data-testid="tab-preview">{t("rt.ed.preview")}</span>, children: <SchemePreview schemeId={s.id} body={body} dirty={dirty} /> },
          ]}
        />
      </Card>
    </Flex>
  );
}
