import { useState } from "react";
import { App, Button, Card, Col, Descriptions, Empty, Flex, Image, Input, Modal, Result, Row, Spin, Tag, Timeline, Typography, Upload } from "antd";
import { ArrowLeftOutlined, CameraOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { appeals } from "../../../../common/contract/index.js";
import type { AppealDetail } from "../../../../common/contract/appeals.contract.js";
import { ApiError, call } from "../../api/client.js";
import { useLocale } from "../../i18n/index.js";
import { errorMessage } from "../../shared/api-errors.js";
import { formatDateTime } from "../../shared/format.js";
import { AppealActions, ExtensionDecision } from "./appeal-actions.js";
import { actorDisplayName, historyNote } from "./actor-name.js";
import { appealChanged, appealKeys, attachmentUrl } from "./appeal-queries.js";
import { resizePhoto, uploadAppealPhotos } from "./appeal-photos.js";
import { MAX_PHOTOS } from "../../../../common/appeals.js";
import { DueTag, ScaleTag, StatusTag } from "./appeal-tags.js";
import { LocationPoint } from "./location-point.js";
import { AppealWhistles } from "./whistle/appeal-whistles.js";

/** The reporter's phone: masked, or the full number after a stated (audited) reason. */
function Phone({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const unmask = useMutation({
    mutationFn: () => call(appeals.unmaskAppealPhone, { params: { id: appeal.id }, body: { reason } }),
    onSuccess: () => setAsking(false),
    onError: (err) => void message.error(errorMessage(err)),
  });
  if (!appeal.phoneMasked) return <>—</>;
  return (
    <Flex gap={8} align="center">
      <span data-testid="appeal-phone">{unmask.data?.phone ?? appeal.phoneMasked}</span>
      {appeal.abilities.unmask && !unmask.data && (
        <Button size="small" data-testid="appeal-unmask" onClick={() => setAsking(true)}>
          {t("appealsUi.unmask")}
        </Button>
      )}
      <Modal open={asking} title={t("appealsUi.unmaskTitle")} onCancel={() => setAsking(false)} onOk={() => unmask.mutate()} okButtonProps={{ disabled: reason.trim().length < 2 }} confirmLoading={unmask.isPending}>
        <Input data-testid="unmask-reason" maxLength={200} value={reason} placeholder={t("appealsUi.unmaskReason")} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Flex>
  );
}

/** 补充照片: a handler adds a photo (resized first) while the appeal is open and has room. */
function AddPhoto({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const add = useMutation({
    mutationFn: async (file: Blob) => uploadAppealPhotos(appeal.id, [await resizePhoto(file)]),
    onSuccess: (a) => appealChanged(qc, a),
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <Upload
      accept="image/jpeg,image/png,image/webp"
      showUploadList={false}
      beforeUpload={(file) => {
        add.mutate(file);
        return false;
      }}
    >
      <Button size="small" icon={<CameraOutlined />} loading={add.isPending} data-testid="appeal-add-photo">
        {t("appealAdminUi.addPhoto")}
      </Button>
    </Upload>
  );
}

function Attachments({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation();
  const photos = appeal.attachments.filter((a) => a.kind === "photo");
  const voices = appeal.attachments.filter((a) => a.kind === "voice");
  const canAdd = appeal.abilities.attach && photos.length < MAX_PHOTOS;
  if (appeal.attachments.length === 0) {
    return (
      <Flex gap={8} align="center" wrap>
        <Typography.Text type="secondary">{t("appealsUi.noAttachments")}</Typography.Text>
        {canAdd && <AddPhoto appeal={appeal} />}
      </Flex>
    );
  }
  return (
    <Flex vertical gap={8}>
      {canAdd && <AddPhoto appeal={appeal} />}
      <Image.PreviewGroup>
        <Flex gap={8} wrap>
          {photos.map((p) => (
            <Image key={p.id} width={120} height={120} style={{ objectFit: "cover" }} src={attachmentUrl(appeal.id, p.id)} alt={t("appealsUi.photo")} data-testid="appeal-photo" />
          ))}
        </Flex>
      </Image.PreviewGroup>
      {voices.map((v) => (
        <audio key={v.id} controls preload="none" src={attachmentUrl(appeal.id, v.id)} data-testid="appeal-voice" />
      ))}
    </Flex>
  );
}

function History({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Timeline
      data-testid="appeal-timeline"
      items={appeal.timeline.map((h, i) => ({
        key: `${h.at}-${i}`,
        color: h.event === "escalate" ? "red" : h.toState === "closed" ? "green" : h.dueMove ? "gray" : "blue",
        title: formatDateTime(h.at, locale).slice(0, 16),
        content: (
          <Flex vertical>
            <Typography.Text strong>
              {t(`event.${h.event}`, { defaultValue: h.event })} · <span data-testid="appeal-timeline-actor">{actorDisplayName(t, h.actorUsername, h.actorName)}</span>
            </Typography.Text>
            {h.dueMove ? (
              <Typography.Text type="secondary" data-testid="appeal-timeline-due-move">
                {t("appealsUi.dueMoved", { from: formatDateTime(h.dueMove.from, locale).slice(0, 16), to: formatDateTime(h.dueMove.to, locale).slice(0, 16) })}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">
                {t(`status.${h.fromState}`, { defaultValue: h.fromState })} → {t(`status.${h.toState}`, { defaultValue: h.toState })}
              </Typography.Text>
            )}
            {h.note && <Typography.Text>{historyNote(t, h.actorUsername, h.note)}</Typography.Text>}
          </Flex>
        ),
      }))}
    />
  );
}

/** /appeals/:id — one appeal: facts, timeline, map point, photos and the actions allowed now. */
export function AppealDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const detail = useQuery({ queryKey: appealKeys.detail(id), queryFn: () => call(appeals.getAppeal, { params: { id } }), retry: false });
  if (detail.isLoading) return <Spin />;
  if (!detail.data) {
    const notFound = detail.error instanceof ApiError && detail.error.code === "NOT_FOUND";
    return <Result status={notFound ? "404" : "error"} title={notFound ? t("common.notFound") : errorMessage(detail.error)} />;
  }
  const a = detail.data;
  const pending = a.extensions.find((x) => x.status === "pending");
  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex gap={8} align="center" wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)} aria-label={t("appealsUi.back")} />
            <span data-testid="appeal-code">{a.trackingCode}</span>
            <StatusTag status={a.status} />
            <ScaleTag scale={a.scale} />
            {a.escalations > 0 && <Tag color="volcano">{t("appealsUi.escalations", { n: a.escalations })}</Tag>}
          </Flex>
        }
        extra={<AppealActions appeal={a} />}
      >
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
          <Descriptions.Item label={t("appealsUi.category")}>{a.categoryName}</Descriptions.Item>
          <Descriptions.Item label={t("appealsUi.channel")}>{t(`channel.${a.channel}`)}</Descriptions.Item>
          <Descriptions.Item label={t("appealsUi.where")}>{[a.villageName, a.gridName].filter(Boolean).join(" ") || "—"}</Descriptions.Item>
          <Descriptions.Item label={t("appealsUi.handler")}>
            <span data-testid="appeal-handler">{`${a.handlingUnitName}（${t(`level.${a.handlingLevel}`)}）`}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("appealsUi.due")}>
            <DueTag dueAt={a.dueAt} warning={a.warning} />
          </Descriptions.Item>
          <Descriptions.Item label={t("appealsUi.createdAt")}>{formatDateTime(a.createdAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t("appealsUi.phone")}>
            <Phone appeal={a} />
          </Descriptions.Item>
          {a.satisfaction !== null && <Descriptions.Item label={t("appealsUi.satisfaction")}>{"★".repeat(a.satisfaction)}{a.feedback ? ` ${a.feedback}` : ""}</Descriptions.Item>}
          {a.rejectReason && <Descriptions.Item label={t("appealsUi.rejectReason")}>{a.rejectReason}</Descriptions.Item>}
          {a.resolution && <Descriptions.Item label={t("appealsUi.resolution")}>{a.resolution}</Descriptions.Item>}
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginTop: 12 }} data-testid="appeal-description">
          {a.description}
        </Typography.Paragraph>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Flex vertical gap={16}>
            <Card title={t("appealsUi.timeline")} size="small">
              {a.timeline.length ? <History appeal={a} /> : <Empty />}
            </Card>
            <AppealWhistles appeal={a} />
          </Flex>
        </Col>
        <Col xs={24} lg={12}>
          <Flex vertical gap={16}>
            <Card title={t("appealsUi.location")} size="small">
              {a.location ? <LocationPoint lng={a.location.lng} lat={a.location.lat} text={a.locationText} /> : <Typography.Text type="secondary">{a.locationText ?? t("appealsUi.noLocation")}</Typography.Text>}
            </Card>
            <Card title={t("appealsUi.attachments")} size="small">
              <Attachments appeal={a} />
            </Card>
            {a.extensions.length > 0 && (
              <Card title={t("appealsUi.extensions")} size="small">
                <Flex vertical gap={8}>
                  {a.extensions.map((x) => (
                    <Flex key={x.id} gap={8} align="center" wrap data-testid={`extension-${x.status}`}>
                      <Tag color={x.status === "approved" ? "green" : x.status === "denied" ? "red" : "gold"}>{t(`appealsUi.extension.${x.status}`)}</Tag>
                      <span>{t("appealsUi.extensionLine", { days: x.workingDays, reason: x.reason })}</span>
                      {x.id === pending?.id && a.abilities.decideExtension && <ExtensionDecision appeal={a} extensionId={x.id} />}
                    </Flex>
                  ))}
                </Flex>
              </Card>
            )}
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
