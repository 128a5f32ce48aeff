import { useEffect } from "react";
import { App, Button, DatePicker, Drawer, Form, Input, Modal, Select, Space, Switch, type ButtonProps } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import dayjs, { type Dayjs } from "dayjs";
import { members } from "../../../../common/contract/index.js";
import type { MemberView } from "../../../../common/contract/members.contract.js";
import { EDUCATION_LEVELS, MEMBER_STATUSES } from "../../../../common/party.js";
import { call } from "../../api/client.js";
import { applyApiError } from "../../shared/api-errors.js";
import { partyKeys, today, usePartyOrgs } from "./party-queries.js";

/** Asks why, then calls the audited unmask endpoint; the full values live only in this page's state. */
export function UnmaskModal(props: { open: boolean; memberId: string; onClose: () => void; onShown: (v: { idNumber: string | null; phone: string | null }) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const unmask = useMutation({
    mutationFn: (reason: string) => call(members.unmaskMember, { params: { id: props.memberId }, body: { reason } }),
    onSuccess: (v) => {
      props.onShown(v);
      form.resetFields();
      props.onClose();
    },
    onError: (err) => {
      const rest = applyApiError(form, err, ["reason"]);
      if (rest) message.error(rest);
    },
  });
  return (
    <Modal
      open={props.open}
      title={t("partyUi.showFull")}
      okText={t("partyUi.showFull")}
      okButtonProps={{ "data-testid": "unmask-confirm", loading: unmask.isPending } as ButtonProps}
      onOk={() => void form.validateFields().then((v) => unmask.mutate(v.reason))}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <p>{t("partyUi.unmaskHint")}</p>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t("field.reason")} rules={[{ required: true, min: 2, max: 200, message: t("partyUi.reasonRequired") }]}>
          <Input.TextArea rows={2} maxLength={200} data-testid="unmask-reason" placeholder={t("partyUi.unmaskReasonPlaceholder")} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditValues {
  name: string;
  phone: string;
  education: string | null;
  status: "full" | "probationary";
  probationEndsOn: Dayjs | null;
  mobileMember: boolean;
  mobileWorkplace: string;
}

/** Corrects the editable fields; an empty phone box keeps the stored phone (it is never shown in full here). */
export function EditMemberDrawer(props: { open: boolean; member: MemberView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<EditValues>();
  const m = props.member;
  useEffect(() => {
    if (props.open) {
      form.setFieldsValue({
        name: m.name,
        phone: "",
        education: m.education,
        status: m.status,
        probationEndsOn: m.probationEndsOn ? dayjs(m.probationEndsOn) : null,
        mobileMember: m.mobileMember,
        mobileWorkplace: m.mobileWorkplace ?? "",
      });
    }
  }, [props.open, m, form]);
  const save = useMutation({
    mutationFn: (v: EditValues) =>
      call(members.updateMember, {
        params: { id: m.id },
        body: {
          name: v.name,
          ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
          education: v.education as MemberView["education"],
          status: v.status,
          probationEndsOn: v.probationEndsOn ? v.probationEndsOn.format("YYYY-MM-DD") : null,
          mobileMember: v.mobileMember,
          mobileWorkplace: v.mobileWorkplace.trim() || null,
        },
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: partyKeys.member(m.id) });
      await qc.invalidateQueries({ queryKey: ["members"] });
      message.success(t("common.saved"));
      props.onClose();
    },
    onError: (err) => {
      const rest = applyApiError(form, err, ["name", "phone", "education", "status", "probationEndsOn", "mobileMember", "mobileWorkplace"]);
      if (rest) message.error(rest);
    },
  });
  const status = Form.useWatch("status", form);
  const mobile = Form.useWatch("mobileMember", form);
  return (
    <Drawer
      open={props.open}
      title={t("partyUi.edit")}
      onClose={props.onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>{t("action.cancel")}</Button>
          <Button type="primary" loading={save.isPending} data-testid="save-member" onClick={() => void form.validateFields().then((v) => save.mutate(v))}>{t("partyUi.save")}</Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t("partyUi.memberName")} rules={[{ required: true }]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="phone" label={t("field.phone")} extra={t("partyUi.phoneKeep", { masked: m.phoneMasked ?? "—" })}><Input inputMode="tel" maxLength={30} /></Form.Item>
        <Form.Item name="education" label={t("field.education")}>
          <Select allowClear options={EDUCATION_LEVELS.map((e) => ({ value: e, label: t(`education.${e}`) }))} />
        </Form.Item>
        <Form.Item name="status" label={t("field.memberStatus")}>
          <Select options={MEMBER_STATUSES.map((s) => ({ value: s, label: t(`member.status.${s}`) }))} />
        </Form.Item>
        {status === "probationary" && <Form.Item name="probationEndsOn" label={t("field.probationEndsOn")}><DatePicker /></Form.Item>}
        <Form.Item name="mobileMember" label={t("field.mobileMember")} valuePropName="checked"><Switch /></Form.Item>
        {mobile && <Form.Item name="mobileWorkplace" label={t("field.mobileWorkplace")}><Input maxLength={200} /></Form.Item>}
      </Form>
    </Drawer>
  );
}

/** Moves a member to another party organisation in my scope (组织关系转接); the history is kept. */
export function TransferModal(props: { open: boolean; member: MemberView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ toPartyOrgId: string; transferredOn: Dayjs; reason: string }>();
  const orgs = usePartyOrgs({ page: 1, pageSize: 200 }, props.open);
  const move = useMutation({
    mutationFn: (v: { toPartyOrgId: string; transferredOn: Dayjs; reason: string }) =>
      call(members.transferMember, { params: { id: props.member.id }, body: { toPartyOrgId: v.toPartyOrgId, transferredOn: v.transferredOn.format("YYYY-MM-DD"), reason: v.reason } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: partyKeys.member(props.member.id) });
      message.success(t("common.saved"));
      props.onClose();
    },
    onError: (err) => {
      const rest = applyApiError(form, err, ["toPartyOrgId", "transferredOn", "reason"]);
      if (rest) message.error(rest);
    },
  });
  return (
    <Modal
      open={props.open}
      title={t("partyUi.transfer")}
      onCancel={props.onClose}
      onOk={() => void form.validateFields().then((v) => move.mutate(v))}
      okButtonProps={{ loading: move.isPending }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ transferredOn: dayjs(today()) }}>
        <Form.Item name="toPartyOrgId" label={t("field.toPartyOrgId")} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={orgs.isFetching}
            options={(orgs.data?.items ?? []).filter((o) => o.id !== props.member.partyOrgId).map((o) => ({ value: o.id, label: `${o.name}（${o.orgUnitName}）` }))}
          />
        </Form.Item>
        <Form.Item name="transferredOn" label={t("field.transferredOn")} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="reason" label={t("field.reason")} rules={[{ required: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
      </Form>
    </Modal>
  );
}
