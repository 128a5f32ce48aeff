import { useState } from "react";
import { Button, Flex, Input, Modal, Space, Tag, Typography, type ButtonProps } from "antd";
import { CheckOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { AttendanceStatus } from "../../../../common/party.js";
import { NEXT_STATUS, type GridEntry } from "./party-ui-rules.js";

export type { GridEntry };
import { REASON_MAX } from "../../../../common/contract/meetings.contract.js";

const STYLE: Record<AttendanceStatus, { background: string; border: string; color: string }> = {
  present: { background: "#f6ffed", border: "#52c41a", color: "#237804" },
  excused: { background: "#fffbe6", border: "#faad14", color: "#ad6800" },
  absent: { background: "#fff1f0", border: "#ff4d4f", color: "#a8071a" },
};

const QUICK_REASONS = ["work", "ill", "family", "farming", "trip"] as const;

/**
 * The quick attendance grid: one big tile per member (a thumb-sized target on a phone), colour and
 * label showing the status, an "all present" button for the usual case.
 */
export function AttendanceGrid({ entries, onChange, disabled }: { entries: GridEntry[]; onChange: (next: GridEntry[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState<GridEntry | null>(null);
  const [reason, setReason] = useState("");
  const counts = { present: 0, excused: 0, absent: 0 };
  for (const e of entries) counts[e.status] += 1;

  const set = (memberId: string, status: AttendanceStatus, why: string | null): void =>
    onChange(entries.map((e) => (e.memberId === memberId ? { ...e, status, reason: status === "excused" ? why : null } : e)));

  const tap = (e: GridEntry): void => {
    const next = NEXT_STATUS[e.status];
    if (next === "excused") {
      setReason(e.reason ?? "");
      setAsking(e);
    } else set(e.memberId, next, null);
  };

  const confirmReason = (): void => {
    if (!asking || !reason.trim()) return;
    set(asking.memberId, "excused", reason.trim());
    setAsking(null);
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space size={4} wrap data-testid="attendance-counts">
          <Tag color="green">{t("attendance.present")} {counts.present}</Tag>
          <Tag color="gold">{t("attendance.excused")} {counts.excused}</Tag>
          <Tag color="red">{t("attendance.absent")} {counts.absent}</Tag>
        </Space>
        <Button size="large" icon={<CheckOutlined />} disabled={disabled} data-testid="all-present" onClick={() => onChange(entries.map((e) => ({ ...e, status: "present", reason: null })))}>
          {t("partyUi.allPresent")}
        </Button>
      </Flex>
      <Typography.Text type="secondary">{t("partyUi.tapHint")}</Typography.Text>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(100px, 1fr))", gap: 8 }} data-testid="attendance-grid">
        {entries.map((e) => {
          const s = STYLE[e.status];
          return (
            <button
              key={e.memberId}
              type="button"
              disabled={disabled}
              data-testid={`att-${e.memberId}`}
              data-status={e.status}
              aria-label={`${e.name} ${t(`attendance.${e.status}`)}`}
              onClick={() => tap(e)}
              style={{
                minHeight: 64,
                padding: "8px 10px",
                borderRadius: 8,
                border: `2px solid ${s.border}`,
                background: s.background,
                color: s.color,
                textAlign: "left",
                cursor: disabled ? "default" : "pointer",
                touchAction: "manipulation",
                WebkitTapHighlightColor: "transparent",
                userSelect: "none",
                fontSize: 16,
              }}
            >
              <div style={{ fontWeight: 600, color: "#262626" }}>{e.name}</div>
              <div style={{ fontSize: 13 }}>
                {t(`attendance.${e.status}`)}
                {e.status === "excused" && e.reason ? `：${e.reason}` : ""}
              </div>
            </button>
          );
        })}
      </div>
      <Modal
        open={!!asking}
        title={t("partyUi.excusedReason", { name: asking?.name ?? "" })}
        onCancel={() => setAsking(null)}
        onOk={confirmReason}
        okButtonProps={{ disabled: !reason.trim(), "data-testid": "reason-ok" } as ButtonProps}
        destroyOnHidden
      >
        <Flex vertical gap={8}>
          <Space wrap>
            {QUICK_REASONS.map((k) => {
              const r = t(`partyUi.reason.${k}`);
              return (
                <Button key={k} size="large" onClick={() => setReason(r)} type={reason === r ? "primary" : "default"} data-testid={`reason-${k}`}>
                  {r}
                </Button>
              );
            })}
          </Space>
          <Input size="large" value={reason} maxLength={REASON_MAX} onChange={(ev) => setReason(ev.target.value)} placeholder={t("partyUi.reasonPlaceholder")} data-testid="reason-input" />
        </Flex>
      </Modal>
    </Flex>
  );
}
