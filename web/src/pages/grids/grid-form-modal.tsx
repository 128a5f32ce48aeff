import { App, Form, Input, InputNumber, Modal, Space } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { grids } from "../../../../common/contract/index.js";
import type { GridView } from "../../../../common/contract/grids.contract.js";
import { call } from "../../api/client.js";
import { applyApiError } from "../../shared/api-errors.js";
import { OrgTreeSelect } from "../../shared/org-tree-select.js";
import { parseBoundary } from "./grid-boundary.js";
import { gridsChanged } from "./grid-queries.js";

interface Values {
  villageId?: string;
  name: string;
  households: number;
  lng?: number | null;
  lat?: number | null;
  boundary?: string;
}

/** Creates a grid under a village, or edits one (name, households, centre point, boundary). */
export function GridFormModal({ grid, villageId, onClose }: { grid: GridView | null; villageId?: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: async (v: Values) => {
      const boundary = parseBoundary(v.boundary);
      if (boundary === "invalid") throw new Error(t("gridsUi.boundaryInvalid"));
      const centre = v.lng != null && v.lat != null ? { lng: v.lng, lat: v.lat } : null;
      const fields = { name: v.name, households: v.households, centre, ...(v.boundary !== undefined ? { boundary } : {}) };
      if (grid) return call(grids.updateGrid, { params: { id: grid.id }, body: fields });
      return call(grids.createGrid, { body: { villageId: v.villageId ?? "", ...fields } });
    },
    onSuccess: async () => {
      await gridsChanged(qc);
      message.success(t("common.saved"));
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, ["villageId", "name", "households", "boundary"])),
  });
  const initial: Partial<Values> = grid
    ? { name: grid.name, households: grid.households, lng: grid.centre?.lng ?? null, lat: grid.centre?.lat ?? null }
    : { villageId, households: 0 };
  return (
    <Modal
      open
      title={grid ? t("gridsUi.editTitle", { name: grid.name }) : t("gridsUi.createTitle")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ "data-testid": "grid-form-submit" }}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} data-testid="grid-form">
        {!grid && (
          <Form.Item name="villageId" label={t("gridsUi.village")} rules={[{ required: true, message: t("gridsUi.pickVillage") }]}>
            <OrgTreeSelect testid="grid-form-village" selectableLevels={["village"]} placeholder={t("gridsUi.pickVillage")} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t("gridsUi.name")} rules={[{ required: true, max: 40 }]}>
          <Input data-testid="grid-form-name" maxLength={40} placeholder={t("gridsUi.namePlaceholder")} />
        </Form.Item>
        <Form.Item name="households" label={t("gridsUi.households")} rules={[{ required: true }]}>
          <InputNumber data-testid="grid-form-households" min={0} max={100000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t("gridsUi.centre")} extra={t("gridsUi.centreHint")}>
          <Space wrap>
            <Form.Item name="lng" noStyle>
              <InputNumber data-testid="grid-form-lng" min={-180} max={180} step={0.0001} placeholder={t("gridsUi.lng")} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="lat" noStyle>
              <InputNumber data-testid="grid-form-lat" min={-90} max={90} step={0.0001} placeholder={t("gridsUi.lat")} style={{ width: 160 }} />
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item name="boundary" label={t("gridsUi.boundary")} extra={grid ? t("gridsUi.boundaryKeep") : t("gridsUi.boundaryHint")}>
          <Input.TextArea data-testid="grid-form-boundary" rows={3} placeholder='{"type":"Polygon","coordinates":[[[116.6,23.3],…]]}' />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 批量创建: several numbered grids for one village in one request. */
export function BulkCreateModal({ villageId, onClose }: { villageId?: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ villageId: string; count: number; namePrefix?: string; households?: number }>();
  const bulk = useMutation({
    mutationFn: (v: { villageId: string; count: number; namePrefix?: string; households?: number }) =>
      call(grids.bulkCreateGrids, { body: { villageId: v.villageId, count: v.count, namePrefix: v.namePrefix || undefined, households: v.households ?? undefined } }),
    onSuccess: async (r) => {
      await gridsChanged(qc);
      message.success(t("gridsUi.bulkDone", { n: r.items.length }));
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, ["villageId", "count", "namePrefix", "households"])),
  });
  return (
    <Modal
      open
      title={t("gridsUi.bulkTitle")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ "data-testid": "grid-bulk-submit" }}
      confirmLoading={bulk.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ villageId, count: 3 }} onFinish={(v) => bulk.mutate(v)}>
        <Form.Item name="villageId" label={t("gridsUi.village")} rules={[{ required: true, message: t("gridsUi.pickVillage") }]}>
          <OrgTreeSelect testid="grid-bulk-village" selectableLevels={["village"]} placeholder={t("gridsUi.pickVillage")} />
        </Form.Item>
        <Form.Item name="count" label={t("gridsUi.bulkCount")} rules={[{ required: true }]}>
          <InputNumber data-testid="grid-bulk-count" min={1} max={50} precision={0} />
        </Form.Item>
        <Form.Item name="namePrefix" label={t("gridsUi.bulkPrefix")} extra={t("gridsUi.bulkPrefixHint")}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="households" label={t("gridsUi.households")}>
          <InputNumber min={0} max={100000} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
