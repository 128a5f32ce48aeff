import { useState } from "react";
import { Alert, App, Button, Card, Checkbox, Flex, List, Progress, Result, Steps, Typography, Upload } from "antd";
import { DownloadOutlined, InboxOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { partyExcel } from "../../../../common/contract/index.js";
import type { JobView } from "../../../../common/contract/party-excel.contract.js";
import { IMPORT_MAX_BYTES } from "../../../../common/party.js";
import { call } from "../../api/client.js";
import { downloadFile, uploadFile } from "../../api/files.js";
import { errorMessage } from "../../shared/api-errors.js";
import { partyKeys, usePartyOrg } from "./party-queries.js";
import { importPercent } from "./party-ui-rules.js";

function JobResult({ job, onImportValidRows }: { job: JobView; onImportValidRows: (() => void) | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const r = job.result;
  if (!r) return null;
  const ok = job.status === "succeeded";
  return (
    <Result
      status={ok ? (r.badRows ? "warning" : "success") : "error"}
      data-testid="import-result"
      data-status={job.status}
      title={ok ? t("partyUi.importDone", { created: r.created, updated: r.updated, unchanged: r.unchanged }) : (r.message ?? t("partyUi.importFailed"))}
      subTitle={r.badRows ? <span data-testid="import-bad-rows">{t("partyUi.badRowsN", { n: r.badRows })}</span> : null}
      extra={
        r.hasErrorWorkbook && (
          <Flex gap={8} justify="center" wrap>
          <Button
            type="primary"
            danger
            icon={<DownloadOutlined />}
            data-testid="download-errors"
            onClick={() => void downloadFile(partyExcel.jobErrorWorkbook, { params: { id: job.id } }, "errors.xlsx").catch((e: unknown) => message.error(errorMessage(e)))}
          >
            {t("partyUi.downloadErrors")}
          </Button>
          {onImportValidRows && !r.applied && r.rows > r.badRows && (
            <Button data-testid="import-valid-rows-now" onClick={onImportValidRows}>
              {t("partyUi.importValidRowsNow", { n: r.rows - r.badRows })}
            </Button>
          )}
          </Flex>
        )
      }
    >
      {r.samples.length > 0 && (
        <List
          size="small"
          data-testid="import-samples"
          header={t("partyUi.firstErrors")}
          dataSource={r.samples}
          renderItem={(s) => (
            <List.Item data-testid={`import-sample-${s.row}`}>
              <Typography.Text>{t("partyUi.rowN", { n: s.row })}：{s.messages.join("；")}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Result>
  );
}

/**
 * /party/import?orgUnitId=…&partyOrgId=… — the member import wizard: download the template,
 * upload a roster, watch the job's progress, then the result with the error workbook.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const orgUnitId = params.get("orgUnitId") ?? "";
  const partyOrgId = params.get("partyOrgId") ?? undefined;
  const org = usePartyOrg(partyOrgId);
  const [validRows, setValidRows] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [lastFile, setLastFile] = useState<File | null>(null);
  const job = useQuery({
    queryKey: partyKeys.job(jobId ?? ""),
    queryFn: () => call(partyExcel.getJob, { params: { id: jobId ?? "" } }),
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data?.status === "running" || !q.state.data ? 500 : false),
  });
  const j = job.data;
  const step = !jobId ? 1 : j && j.status !== "running" ? 3 : 2;

  const start = async (file: File, onlyValid = validRows): Promise<void> => {
    if (file.size > IMPORT_MAX_BYTES) {
      message.error(t("partyUi.fileTooLarge"));
      return;
    }
    setUploading(true);
    try {
      const created = await uploadFile(partyExcel.importMembers, file, { query: { orgUnitId, mode: onlyValid ? "validRows" : "allOrNothing" } });
      setLastFile(file);
      setJobId(created.id);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };

  if (!orgUnitId) return <Alert type="error" title={t("common.notFound")} />;
  return (
    <Card
      title={t("partyUi.importTitle")}
      extra={org.data && <Link to={`/party/orgs/${org.data.id}`}>{org.data.name}</Link>}
      data-testid="import-page"
    >
      <Steps
        current={step}
        size="small"
        style={{ marginBottom: 24 }}
        items={[{ title: t("partyUi.stepTemplate") }, { title: t("partyUi.stepUpload") }, { title: t("partyUi.stepProgress") }, { title: t("partyUi.stepResult") }]}
      />
      <Flex vertical gap={16}>
        <Flex gap={8} align="center" wrap>
          <Button icon={<DownloadOutlined />} data-testid="download-template" onClick={() => void downloadFile(partyExcel.memberTemplate, {}, "template.xlsx").catch((e: unknown) => message.error(errorMessage(e)))}>
            {t("partyUi.downloadTemplate")}
          </Button>
          <Typography.Text type="secondary">{t("partyUi.templateHint")}</Typography.Text>
        </Flex>
        {step === 1 && (
          <>
            <Checkbox checked={validRows} onChange={(e) => setValidRows(e.target.checked)} data-testid="import-valid-rows">
              {t("partyUi.importValidRows")}
            </Checkbox>
            <div data-testid="import-upload">
            <Upload.Dragger
              accept=".xlsx"
              multiple={false}
              showUploadList={false}
              disabled={uploading}
              beforeUpload={(file) => {
                void start(file);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p>{uploading ? t("common.loading") : t("partyUi.uploadHint")}</p>
            </Upload.Dragger>
            </div>
          </>
        )}
        {step === 2 && (
          <Flex vertical gap={8} data-testid="import-progress">
            <Progress percent={j ? importPercent(j) : 0} status="active" />
            <Typography.Text type="secondary">{j ? t(`partyUi.phase.${j.phase}`, { done: j.done, total: j.total ?? "?" }) : t("common.loading")}</Typography.Text>
          </Flex>
        )}
        {job.error && <Alert type="error" title={errorMessage(job.error)} />}
        {step === 3 && j && (
          <>
            <JobResult job={j} onImportValidRows={lastFile ? () => void start(lastFile, true) : null} />
            <Flex justify="center">
              <Button data-testid="import-again" onClick={() => setJobId(null)}>{t("partyUi.importAgain")}</Button>
            </Flex>
          </>
        )}
      </Flex>
    </Card>
  );
}
