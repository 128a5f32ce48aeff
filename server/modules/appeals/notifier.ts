/**
 * One Notifier interface in front of every external channel (PRACTICE §5.5): WeCom group robot,
 * DingTalk group robot and a generic signed webhook. The in-app inbox is written directly in
 * the transaction (notify.ts); these adapters deliver the outbox afterwards, with retry.
 */
import { createHmac } from "node:crypto";
import type { NotifierKind } from "../../../common/appeals.js";

export interface OutgoingMessage {
  title: string;
  body: string;
}

export interface NotifierTarget {
  kind: NotifierKind;
  url: string;
  secret: string | null;
}

/** A fetch-like function (tests pass one that records; production uses global fetch). */
export type Send = (url: string, init: { method: "POST"; headers: Record<string, string>; body: string }) => Promise<{ status: number; text(): Promise<string> }>;

export interface Notifier {
  send(target: NotifierTarget, msg: OutgoingMessage, now: Date): Promise<void>;
}

export class DeliveryError extends Error {}

function text(msg: OutgoingMessage): string {
  return msg.body && msg.body !== msg.title ? `${msg.title}\n${msg.body}` : msg.title;
}

/** WeCom (企业微信) group robot: `{ msgtype: "text" }`; errcode 0 is success. */
function wecom(target: NotifierTarget, msg: OutgoingMessage): { url: string; headers: Record<string, string>; body: string } {
  // WeCom truncates text at 2048 bytes; stay well below.
  return { url: target.url, headers: { "content-type": "application/json" }, body: JSON.stringify({ msgtype: "text", text: { content: text(msg).slice(0, 600) } }) };
}

/** DingTalk group robot; with a secret ("加签") the URL carries timestamp and HMAC-SHA256 sign. */
function dingtalk(target: NotifierTarget, msg: OutgoingMessage, now: Date) {
  let url = target.url;
  if (target.secret) {
    const ts = String(now.getTime());
    const sign = createHmac("sha256", target.secret).update(`${ts}\n${target.secret}`).digest("base64");
    url += `${url.includes("?") ? "&" : "?"}timestamp=${ts}&sign=${encodeURIComponent(sign)}`;
  }
  return { url, headers: { "content-type": "application/json" }, body: JSON.stringify({ msgtype: "text", text: { content: text(msg).slice(0, 600) } }) };
}

/**
 * Generic webhook: JSON body, `X-Zhenxing-Timestamp` and `X-Zhenxing-Signature:
 * sha256=<hex HMAC(secret, timestamp + "." + body)>` so the receiver can check origin and freshness.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

function webhook(target: NotifierTarget, msg: OutgoingMessage, now: Date) {
  const body = JSON.stringify({ title: msg.title, body: msg.body, sentAt: now.toISOString() });
  const ts = String(Math.floor(now.getTime() / 1000));
  const headers: Record<string, string> = { "content-type": "application/json", "x-zhenxing-timestamp": ts };
  if (target.secret) headers["x-zhenxing-signature"] = webhookSignature(target.secret, ts, body);
  return { url: target.url, headers, body };
}

/** The Notifier over HTTP: picks the adapter by kind and checks the channel's own success code. */
export function httpNotifier(send: Send = (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })): Notifier {
  return {
    async send(target, msg, now) {
      const req = target.kind === "wecomRobot" ? wecom(target, msg) : target.kind === "dingtalkRobot" ? dingtalk(target, msg, now) : webhook(target, msg, now);
      const res = await send(req.url, { method: "POST", headers: req.headers, body: req.body });
      const answer = await res.text();
      if (res.status < 200 || res.status >= 300) throw new DeliveryError(`HTTP ${res.status}`);
      if (target.kind !== "webhook") {
        // Both robots answer 200 with { errcode, errmsg }; a non-zero errcode (e.g. throttled) is a failure.
        let errcode = 0;
        try {
          errcode = Number((JSON.parse(answer) as { errcode?: number }).errcode ?? 0);
        } catch {
          throw new DeliveryError("unreadable answer");
        }
        if (errcode !== 0) throw new DeliveryError(`errcode ${errcode}`);
      }
    },
  };
}
