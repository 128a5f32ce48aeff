import { App, DatePicker, Form, Input, Modal, Select, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { appealAdmin } from "../../../../../common/contract/index.js";
import { blowWhistle } from "../../../../../common/contract/whistle.contract.js";
import type { WhistleDetail } from "../../../../../common/contract/whistle.contract.js";
import { MAX_SUMMONED, WHISTLE_KINDS, WHISTLE_TEXT_MAX, WHISTLE_TITLE_MAX, type WhistleKind } from "../../../../../common/whistle.js";
import { call } from "../../../api/client.js";
import { applyApiError } from "../../../shared/api-errors.js";
import { OrgTreeSelect } from "../../../shared/org-tree-select.js";
import { whistleChanged, whistleKeys } from "./whistle-queries.js";

interface Values {
  townId?: string;
  kind: WhistleKind;
  title: string;
  description: string;
  departmentIds: string[];
  leadDepartmentId: string;
  checkInDueAt?: Dayjs | null;
  doneDueAt?: Dayjs | null;
}

const FIELDS = ["townId", "kind", "title", "description", "departmentIds", "leadDepartmentId", "checkInDueAt", "doneDueAt"];

/**
 * 吹哨: summon departments (one leads, 首接负责) to an appeal or a standalone problem. Deadlines
 * are optional: the server's defaults (30 min for emergencies, 1 working day otherwise) apply.
 */
export function BlowWhistleModal({
  appeal,
  onClose,
  onBlown,
}: {
  appeal?: { id: string; townId: string | null; title: string; urgent: boolean } | undefined;
  onClose: () => void;
  onBlown?: (w: WhistleDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const chosen = Form.useWatch("departmentIds", form) ?? [];
  const pickedTown = Form.useWatch("townId", form);
  const townId = appeal ? appeal.townId : pickedTown;
  // The server's own list of what this town may summon (its departments, then the district's):
  // exactly what blowing accepts, including departments outside a town admin's subtree.
  const departments = useQuery({
    queryKey: whistleKeys.summonable(townId ?? ""),
    queryFn: () => call(appealAdmin.summonableDepartments, { params: { id: townId ?? "" } }),
    enabled: Boolean(townId),
  });
  const options = (departments.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.orgUnitName} ${d.name}` }));
  const blow = useMutation({
    mutationFn: (v: Values) =>
      call(blowWhistle, {
        body: {
          ...(appeal ? { appealId: appeal.id } : { townId: v.townId }),
          kind: v.kind,
          title: v.title,
          description: v.description,
          departmentIds: v.departmentIds,
          leadDepartmentId: v.leadDepartmentId,
          checkInDueAt: v.checkInDueAt?.toISOString(),
          doneDueAt: v.doneDueAt?.toISOString(),
        },
      }),
    onSuccess: async (w) => {
      await whistleChanged(qc, w);
      message.success(t("whistleUi.blown", { n: w.summonsCount }));
      onBlown?.(w);
      onClose();
    },
    onError: (err) => void message.error(applyApiError(form, err, FIELDS)),
  });
  return (
    <Modal
      open
      width={640}
      title={t("whistleUi.blowTitle")}
      okText={t("whistleUi.blow")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ "data-testid": "whistle-submit" }}
      confirmLoading={blow.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: appeal?.urgent ? "emergency" : "unresolvedDemand", title: appeal?.title ?? "", departmentIds: [] }}
        onFinish={(v) => blow.mutate(v)}
        onValuesChange={(changed: Partial<Values>) => {
          // The lead must be one of the summoned: follow the list when it changes.
          // Another town summons other departments: start the pick again.
          if (changed.townId !== undefined) form.setFieldsValue({ departmentIds: [], leadDepartmentId: undefined });
          if (changed.departmentIds && !changed.departmentIds.includes(form.getFieldValue("leadDepartmentId") as string)) {
            form.setFieldsValue({ leadDepartmentId: changed.departmentIds[0] });
          }
        }}
      >
        {!appeal && (
          <Form.Item name="townId" label={t("whistleUi.town")} rules={[{ required: true, message: t("whistle.townRequired") }]}>
            <OrgTreeSelect testid="whistle-town" selectableLevels={["town"]} />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t("whistleUi.kind")} rules={[{ required: true }]}>
          <Select data-testid="whistle-kind" options={WHISTLE_KINDS.map((k) => ({ value: k, label: t(`whistleUi.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t("whistleUi.title")} rules={[{ required: true, min: 2, max: WHISTLE_TITLE_MAX }]}>
          <Input data-testid="whistle-title" maxLength={WHISTLE_TITLE_MAX} />
        </Form.Item>
        <Form.Item name="description" label={t("whistleUi.description")} rules={[{ required: true, min: 2, max: WHISTLE_TEXT_MAX }]}>
          <Input.TextArea data-testid="whistle-description" rows={3} maxLength={WHISTLE_TEXT_MAX} />
        </Form.Item>
        <Form.Item name="departmentIds" label={t("whistleUi.departments")} rules={[{ required: true, type: "array", min: 1, message: t("whistleUi.pickDepartments") }]}>
          <Select
            data-testid="whistle-departments"
            mode="multiple"
            maxCount={MAX_SUMMONED}
            loading={departments.isFetching}
            disabled={!townId}
            options={options}
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t(townId ? "whistleUi.pickDepartments" : "appealAdminUi.pickTownFirst")}
          />
        </Form.Item>
        <Form.Item name="leadDepartmentId" label={t("whistleUi.lead")} rules={[{ required: true, message: t("whistle.oneLead") }]}>
          <Select data-testid="whistle-lead" options={options.filter((o) => chosen.includes(o.value))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="checkInDueAt" label={t("whistleUi.checkInDue")} extra={t("whistleUi.defaultDeadline")}>
            <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="doneDueAt" label={t("whistleUi.doneDue")}>
            <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
