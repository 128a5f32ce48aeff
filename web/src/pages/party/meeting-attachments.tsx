import { App, Button, List, Typography, Upload } from "antd";
import { PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { meetings } from "../../../../common/contract/index.js";
import type { MeetingView } from "../../../../common/contract/meetings.contract.js";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from "../../../../common/party.js";
import { downloadFile, uploadFile } from "../../api/files.js";
import { errorMessage } from "../../shared/api-errors.js";
import { partyKeys } from "./party-queries.js";

const ACCEPT = Object.values(ATTACHMENT_TYPES).map((ext) => `.${ext}`).join(",");

/** The minutes' attachments (photos of the sign-in sheet, the minutes as a document): list, download, add. */
export function MeetingAttachments({ meeting }: { meeting: MeetingView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const add = useMutation({
    mutationFn: (file: File) => uploadFile(meetings.uploadAttachment, file, { params: { id: meeting.id } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: partyKeys.meeting(meeting.id) });
      message.success(t("common.saved"));
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <List
      size="small"
      data-testid="meeting-attachments"
      dataSource={meeting.attachments}
      locale={{ emptyText: t("partyUi.noAttachments") }}
      footer={
        meeting.abilities.manage && (
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            beforeUpload={(file) => {
              if (file.size > ATTACHMENT_MAX_BYTES) message.error(t("partyUi.attachmentTooLarge"));
              else add.mutate(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={add.isPending} data-testid="add-attachment">{t("partyUi.addAttachment")}</Button>
          </Upload>
        )
      }
      renderItem={(a) => (
        <List.Item>
          <Typography.Link
            onClick={() => void downloadFile(meetings.downloadAttachment, { params: { id: meeting.id, attachmentId: a.id } }, a.fileName).catch((e: unknown) => message.error(errorMessage(e)))}
          >
            <PaperClipOutlined /> {a.fileName}
          </Typography.Link>
          <Typography.Text type="secondary">{Math.ceil(a.sizeBytes / 1024)} KB</Typography.Text>
        </List.Item>
      )}
    />
  );
}
