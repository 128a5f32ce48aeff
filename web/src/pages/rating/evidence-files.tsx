import { App, Button, Card, Descriptions, Flex, Popconfirm, Typography, Upload } from "antd";
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { fillPath, ratingInputs } from "../../../../common/contract/index.js";
import type { AssessmentDetail } from "../../../../common/contract/rating.contract.js";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from "../../../../common/party.js";
import { ApiError, apiErrorOf, apiHeaders, call } from "../../api/client.js";
import { downloadFile } from "../../api/files.js";
import { errorMessage } from "../../shared/api-errors.js";
import { ratingKeys } from "./rating-keys.js";
import type { SchemeBody } from "./scheme-types.js";

const ACCEPT = Object.values(ATTACHMENT_TYPES).map((ext) => `.${ext}`).join(",");
type EvidenceFile = AssessmentDetail["evidenceFiles"][number];

/** Sends one evidence file: the `indicator` field first, since the server reads fields that precede the file. */
async function sendEvidence(id: string, indicator: string, file: File): Promise<AssessmentDetail> {
  const form = new FormData();
  form.append("indicator", indicator);
  form.append("file", file, file.name);
  let res: Response;
  try {
    res = await fetch(fillPath(ratingInputs.uploadEvidence.path, { id }), {
      method: "POST",
      headers: { ...apiHeaders("POST"), Accept: "application/json" },
      body: form,
      credentials: "same-origin",
    });
  } catch (err) {
    throw new ApiError("NETWORK", err instanceof Error ? err.message : String(err), 0);
  }
  if (!res.ok) throw await apiErrorOf(res);
  return (await res.json()) as AssessmentDetail;
}

function FileLink({ a, f }: { a: AssessmentDetail; f: EvidenceFile }) {
  const { message } = App.useApp();
  return (
    <Typography.Link
      data-testid={`evidence-file-${f.indicator}`}
      onClick={() => void downloadFile(ratingInputs.downloadEvidence, { params: { id: a.id, fileId: f.id } }, f.fileName).catch((e: unknown) => message.error(errorMessage(e)))}
    >
      <PaperClipOutlined /> {f.fileName}
    </Typography.Link>
  );
}

/**
 * The evidence files of one indicator: download links for everyone who sees the assessment, and
 * while the village assesses itself an antd Upload and a delete button per file.
 */
export function IndicatorEvidence({ a, code, editable }: { a: AssessmentDetail; code: string; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const done = (d: AssessmentDetail) => {
    qc.setQueryData(ratingKeys.assessment(a.id), d);
    void message.success(t("common.saved"));
  };
  const add = useMutation({ mutationFn: (file: File) => sendEvidence(a.id, code, file), onSuccess: done, onError: (e) => void message.error(errorMessage(e)) });
  const remove = useMutation({
    mutationFn: (fileId: string) => call(ratingInputs.deleteEvidence, { params: { id: a.id, fileId } }),
    onSuccess: done,
    onError: (e) => void message.error(errorMessage(e)),
  });
  const files = a.evidenceFiles.filter((f) => f.indicator === code);
  return (
    <Flex vertical gap={2}>
      {files.map((f) => (
        <Flex key={f.id} gap={6} align="center">
          <FileLink a={a} f={f} />
          {editable && (
            <Popconfirm title={t("ri.evidenceDeleteConfirm")} onConfirm={() => remove.mutate(f.id)}>
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t("ri.evidenceDelete")} />
            </Popconfirm>
          )}
        </Flex>
      ))}
      {editable && (
        <Upload
          accept={ACCEPT}
          showUploadList={false}
          beforeUpload={(file) => {
            if (file.size > ATTACHMENT_MAX_BYTES) void message.error(t("partyUi.attachmentTooLarge"));
            else add.mutate(file);
            return false;
          }}
        >
          <Button size="small" icon={<UploadOutlined />} loading={add.isPending} data-testid={`evidence-upload-${code}`}>
            {t("ri.evidenceUpload")}
          </Button>
        </Upload>
      )}
    </Flex>
  );
}

/** Every uploaded evidence file of an assessment, by indicator: what the town and district open when they score. */
export function EvidenceCard({ a, scheme }: { a: AssessmentDetail; scheme: SchemeBody }) {
  const { t } = useTranslation();
  if (a.evidenceFiles.length === 0) return null;
  const names = new Map(scheme.dimensions.flatMap((d) => d.indicators.map((i) => [i.code, i.name] as const)));
  const codes = [...new Set(a.evidenceFiles.map((f) => f.indicator))];
  return (
    <Card title={t("ri.evidenceFiles")} data-testid="evidence-card">
      <Descriptions size="small" column={1}>
        {codes.map((code) => (
          <Descriptions.Item key={code} label={names.get(code) ?? code}>
            <Flex wrap gap={12}>
              {a.evidenceFiles.filter((f) => f.indicator === code).map((f) => (
                <FileLink key={f.id} a={a} f={f} />
              ))}
            </Flex>
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}
