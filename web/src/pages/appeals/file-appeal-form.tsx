import { useEffect, useState } from "react";
import { App, Button, Checkbox, Form, Input, Select, Upload, type UploadFile } from "antd";
import { AimOutlined, CameraOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { appeals, grids } from "../../../../common/contract/index.js";
import type { AppealDetail } from "../../../../common/contract/appeals.contract.js";
import { call } from "../../api/client.js";
import { applyApiError } from "../../shared/api-errors.js";
import { appealChanged, appealKeys, newIdempotencyKey, useCategories } from "./appeal-queries.js";
import { resizePhoto, uploadAppealPhotos } from "./appeal-photos.js";
import { MAX_PHOTOS } from "../../../../common/appeals.js";
import { errorMessage } from "../../shared/api-errors.js";

interface Values {
  gridId: string;
  categoryId: string;
  description: string;
  locationText?: string;
  phone?: string;
  consent?: boolean;
}

const FIELDS = ["gridId", "categoryId", "description", "locationText", "phone", "consent", "location"];

/**
 * 代办 (filing for a resident who cannot use the QR page) or 主动发现 (a patrol finding). Big
 * controls for a phone; the idempotency key is fixed per opened form, so a retry files once.
 */
export function FileAppealForm({ channel, onDone }: { channel: "onBehalf" | "patrol"; onDone: (a: AppealDetail) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const en = i18n.language.startsWith("en");
  const [key] = useState(newIdempotencyKey);
  const [location, setLocation] = useState<{ lng: number; lat: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const categories = useCategories();
  const myGrids = useQuery({ queryKey: ["grids", "list", { mine: true }], queryFn: () => call(grids.listGrids, { query: { page: 1, pageSize: 200 } }) });
  const gridOptions = (myGrids.data?.items ?? []).map((g) => ({ value: g.id, label: `${g.villageName} ${g.name}` }));
  const phone = Form.useWatch("phone", form);
  const onlyGrid = gridOptions.length === 1 ? gridOptions[0]?.value : undefined;
  // A grid worker usually has one grid: preselect it once the list arrives.
  useEffect(() => {
    if (onlyGrid && !form.getFieldValue("gridId")) form.setFieldsValue({ gridId: onlyGrid });
  }, [onlyGrid, form]);

  const file = useMutation({
    mutationFn: (v: Values) =>
      call(appeals.fileAppeal, {
        body: {
          channel,
          gridId: v.gridId,
          categoryId: v.categoryId,
          description: v.description,
          locationText: v.locationText?.trim() || undefined,
          location: location ?? undefined,
          phone: v.phone?.trim() || undefined,
          consent: v.consent || undefined,
          idempotencyKey: key,
        },
      }),
    onSuccess: async (filed) => {
      let a = filed;
      // Photos go after filing (the appeal needs its id); the appeal stands even if they fail.
      const blobs = photos.flatMap((p) => (p.originFileObj ? [p.originFileObj] : []));
      if (blobs.length > 0) {
        try {
          a = await uploadAppealPhotos(filed.id, await Promise.all(blobs.map(resizePhoto)));
        } catch (err) {
          message.error(t("appealAdminUi.photosFailed", { code: filed.trackingCode, reason: errorMessage(err) }));
        }
      }
      await appealChanged(qc, a);
      await qc.invalidateQueries({ queryKey: appealKeys.all });
      message.success(t("appealsUi.filed", { code: a.trackingCode }));
      onDone(a);
    },
    onError: (err) => void message.error(applyApiError(form, err, FIELDS)),
  });

  const locate = () => {
    if (!("geolocation" in navigator)) return void message.warning(t("appealsUi.noGeolocation"));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        // Browsers report WGS84, the datum the server stores.
        setLocation({ lng: Number(p.coords.longitude.toFixed(6)), lat: Number(p.coords.latitude.toFixed(6)) });
      },
      () => {
        setLocating(false);
        void message.warning(t("appealsUi.noGeolocation"));
      },
      { timeout: 10_000, maximumAge: 60_000 },
    );
  };

  return (
    <Form
      form={form}
      layout="vertical"
      size="large"
      data-testid={`file-form-${channel}`}
      onFinish={(v) => file.mutate(v)}
    >
      <Form.Item name="gridId" label={t("appealsUi.grid")} rules={[{ required: true, message: t("appealsUi.pickGrid") }]}>
        <Select data-testid="file-grid" loading={myGrids.isLoading} options={gridOptions} placeholder={t("appealsUi.pickGrid")} showSearch={{ optionFilterProp: "label" }} />
      </Form.Item>
      <Form.Item name="categoryId" label={t("appealsUi.category")} rules={[{ required: true, message: t("appeal.categoryUnknown") }]}>
        <Select
          data-testid="file-category"
          loading={categories.isLoading}
          placeholder={t("appeal.categoryUnknown")}
          options={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: `${en && c.nameEn ? c.nameEn : c.name}（${t(`scale.${c.scale}`)}）` }))}
        />
      </Form.Item>
      <Form.Item name="description" label={t("appealsUi.description")} rules={[{ required: true, min: 2, message: t("appealsUi.describe") }]}>
        <Input.TextArea data-testid="file-description" rows={4} maxLength={2000} showCount placeholder={t(channel === "patrol" ? "appealsUi.patrolPlaceholder" : "appealsUi.onBehalfPlaceholder")} />
      </Form.Item>
      <Form.Item name="locationText" label={t("appealsUi.locationText")}>
        <Input data-testid="file-location-text" maxLength={200} />
      </Form.Item>
      <Form.Item label={t("appealAdminUi.photos", { max: MAX_PHOTOS })} extra={t("appealAdminUi.photosHint")}>
        <Upload
          data-testid="file-photos"
          listType="picture-card"
          accept="image/jpeg,image/png,image/webp"
          multiple
          maxCount={MAX_PHOTOS}
          fileList={photos}
          beforeUpload={() => false}
          onChange={({ fileList }) => setPhotos(fileList.slice(0, MAX_PHOTOS))}
        >
          {photos.length < MAX_PHOTOS && (
            <span>
              <CameraOutlined style={{ fontSize: 24 }} />
              <div>{t("appealAdminUi.addPhoto")}</div>
            </span>
          )}
        </Upload>
      </Form.Item>
      <Form.Item label={t("appealsUi.location")}>
        <Button icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="file-locate" block>
          {location ? `${location.lat.toFixed(5)}, ${location.lng.toFixed(5)}` : t("appealsUi.useMyLocation")}
        </Button>
      </Form.Item>
      {channel === "onBehalf" && (
        <>
          <Form.Item name="phone" label={t("appealsUi.residentPhone")}>
            <Input data-testid="file-phone" inputMode="tel" maxLength={20} />
          </Form.Item>
          {phone?.trim() && (
            <Form.Item
              name="consent"
              valuePropName="checked"
              rules={[{ validator: (_r, v: boolean | undefined) => (v ? Promise.resolve() : Promise.reject(new Error(t("appeal.consentRequired")))) }]}
            >
              <Checkbox data-testid="file-consent">{t("appealsUi.consent")}</Checkbox>
            </Form.Item>
          )}
        </>
      )}
      <Button type="primary" htmlType="submit" block size="large" loading={file.isPending} data-testid="file-submit" style={{ height: 56, fontSize: 18 }}>
        {t("appealsUi.submit")}
      </Button>
    </Form>
  );
}
