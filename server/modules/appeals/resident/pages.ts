/**
 * The residents' pages as plain server-rendered HTML (no framework, no antd): large type, one
 * column, usable with JavaScript off; the small script only resizes photos, records voice and
 * reads the location. Everything a resident or official typed is escaped, never interpreted.
 * CSS and script are inline, so a page is one response; the script is allowed by its CSP hash.
 */
import { INLINE_SCRIPT } from "./inline-script.js";

export function esc(s: string | number | null | undefined): string {
  return String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `*{box-sizing:border-box}body{margin:0;font:20px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#f6f6f6}
header{background:#c8161d;color:#fff;padding:14px 16px}header h1{margin:0;font-size:24px}header p{margin:2px 0 0;font-size:16px;opacity:.9}
main{padding:12px 16px 40px;max-width:640px;margin:auto}label{display:block;margin:14px 0 4px;font-weight:600}
select,textarea,input[type=text],input[type=tel]{width:100%;font:inherit;padding:10px;border:1px solid #bbb;border-radius:6px;background:#fff}
textarea{min-height:7em}.row{display:flex;gap:8px;align-items:center;margin:10px 0}.row input{width:24px;height:24px}
button,.btn{display:block;width:100%;font:inherit;font-weight:700;padding:14px;margin:18px 0 0;border:0;border-radius:8px;background:#c8161d;color:#fff;text-align:center;text-decoration:none}
button.alt{background:#fff;color:#c8161d;border:2px solid #c8161d}.note{font-size:16px;color:#555}.err{background:#fde8e8;color:#a00;padding:10px;border-radius:6px}
.ok{background:#e8f6ea;padding:12px;border-radius:6px}.hp{position:absolute;left:-9999px}ol{padding-left:1.2em}.st{font-size:26px;font-weight:700;color:#c8161d}
.stars{display:flex;gap:6px}.stars label{font-weight:400;margin:0}.js-only{display:none}.js .js-only{display:block}`;

export function layout(title: string, sub: string, body: string, withScript = false): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head><body><header><h1>${esc(title)}</h1><p>${esc(sub)}</p></header><main>${body}</main>${
    withScript ? `<script>${INLINE_SCRIPT}</script>` : ""
  }</body></html>`;
}

export function errorPage(title: string, message: string): string {
  return layout(title, "网格服务", `<p class="err">${esc(message)}</p><p class="note">如有急事请直接联系网格员或拨打 12345 热线。</p>`);
}

export interface FormModel {
  gridCode: string;
  gridName: string;
  villageName: string;
  townName: string;
  token: string;
  idempotencyKey: string;
  categories: { id: string; name: string; scaleLabel: string }[];
  error?: string | undefined;
  values?: { categoryId?: string | undefined; description?: string | undefined; phone?: string | undefined; locationText?: string | undefined } | undefined;
}

/** The report form; it posts multipart so photos work without JavaScript too. */
export function formPage(m: FormModel): string {
  const v = m.values ?? {};
  const options = m.categories
    .map((c) => `<option value="${esc(c.id)}"${v.categoryId === c.id ? " selected" : ""}>${esc(c.name)}（${esc(c.scaleLabel)}）</option>`)
    .join("");
  const body = `${m.error ? `<p class="err" role="alert">${esc(m.error)}</p>` : ""}
<form id="f" method="post" action="/r/${esc(m.gridCode)}" enctype="multipart/form-data">
<input type="hidden" name="t" value="${esc(m.token)}"><input type="hidden" name="key" value="${esc(m.idempotencyKey)}">
<input type="hidden" name="lat" id="lat"><input type="hidden" name="lng" id="lng">
<label for="c">问题类别</label><select id="c" name="category" required><option value="">请选择</option>${options}</select>
<label for="d">问题描述</label><textarea id="d" name="description" maxlength="2000" required placeholder="请说明发生了什么、在哪里">${esc(v.description)}</textarea>
<label for="p">照片（最多 3 张）</label><input id="p" type="file" name="photo" accept="image/*" multiple>
<div class="row"><input type="checkbox" id="kl" name="keepLocation" value="1"><label for="kl" style="margin:0;font-weight:400">保留照片中的拍摄位置</label></div>
<div class="js-only" id="voice"><label>语音留言（最长 60 秒）</label><button type="button" class="alt" id="rec">按下开始录音</button><p class="note" id="recs"></p></div>
<label for="loc">地点（可选）</label><input id="loc" type="text" name="locationText" maxlength="200" value="${esc(v.locationText)}" placeholder="如：村口桥头">
<button type="button" class="alt js-only" id="geo">获取我的位置</button><p class="note" id="geos"></p>
<label for="ph">联系电话（可选）</label><input id="ph" type="tel" name="phone" maxlength="20" value="${esc(v.phone)}" placeholder="留下电话便于回访">
<div class="row"><input type="checkbox" id="cs" name="consent" value="1"><label for="cs" style="margin:0;font-weight:400">我同意下方个人信息处理说明</label></div>
<p class="note">个人信息处理说明：电话号码仅用于办理本诉求、联系您和回访满意度，加密保存，只有承办人员经授权后可查看，办结后保存一年后删除。不留电话也可以反映问题。</p>
<div class="hp" aria-hidden="true"><label for="w">网址</label><input id="w" type="text" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit" id="go">提交</button><p class="note" id="msg" role="status"></p></form>
<p class="note">已反映过？凭回执编号查询：<a href="/r/track">查询进度</a></p>`;
  return layout("反映问题", `${m.townName} ${m.villageName} · ${m.gridName}`, body, true);
}

export interface TrackModel {
  code: string;
  statusLabel: string;
  categoryName: string;
  description: string;
  createdAt: string;
  handlingLabel: string;
  dueAt: string | null;
  resolution: string | null;
  rejectReason: string | null;
  steps: { at: string; label: string; note: string | null }[];
  canRate: boolean;
  canReopen: boolean;
  satisfaction: number | null;
  isNew: boolean;
  error?: string | undefined;
}

export function trackPage(m: TrackModel): string {
  const steps = m.steps.map((s) => `<li>${esc(s.at)} ${esc(s.label)}${s.note ? `：${esc(s.note)}` : ""}</li>`).join("");
  const stars = [5, 4, 3, 2, 1]
    .map((n) => `<label><input type="radio" name="satisfaction" value="${n}"${n === 5 ? " checked" : ""}> ${n}分</label>`)
    .join("");
  const rate = m.canRate
    ? `<form method="post" enctype="multipart/form-data"><input type="hidden" name="action" value="confirm"><label>对办理结果满意吗？</label><div class="stars">${stars}</div>
<label for="fb">意见（可选）</label><textarea id="fb" name="feedback" maxlength="500"></textarea><button type="submit">确认办结并评价</button></form>`
    : "";
  const reopen = m.canReopen
    ? `<form method="post" enctype="multipart/form-data"><input type="hidden" name="action" value="reopen"><label for="rr">问题没有解决？（只能申请一次重办）</label>
<textarea id="rr" name="reason" maxlength="500" required></textarea><button type="submit" class="alt">申请重办</button></form>`
    : "";
  const body = `${m.error ? `<p class="err" role="alert">${esc(m.error)}</p>` : ""}${
    m.isNew ? `<p class="ok">已收到您的反映。请记下回执编号 <b>${esc(m.code)}</b>，可随时查询进度。</p>` : ""
  }
<p>回执编号：<b>${esc(m.code)}</b></p><p class="st">${esc(m.statusLabel)}</p>
<p>类别：${esc(m.categoryName)}<br>承办：${esc(m.handlingLabel)}<br>提交时间：${esc(m.createdAt)}${m.dueAt ? `<br>承诺时限：${esc(m.dueAt)}前` : ""}</p>
<p style="white-space:pre-wrap">${esc(m.description)}</p>
${m.resolution ? `<p class="ok">办理结果：${esc(m.resolution)}</p>` : ""}${m.rejectReason ? `<p class="err">说明：${esc(m.rejectReason)}</p>` : ""}
${m.satisfaction ? `<p>您的评价：${esc(m.satisfaction)} 分，谢谢！</p>` : ""}<h2 style="font-size:20px">办理进度</h2><ol>${steps}</ol>${rate}${reopen}`;
  return layout("诉求进度", "群众诉求快速响应", body);
}

export function trackLookupPage(error?: string): string {
  const body = `${error ? `<p class="err">${esc(error)}</p>` : ""}<form method="get" action="/r/track/find"><label for="code">回执编号</label>
<input id="code" type="text" name="code" maxlength="12" autocapitalize="characters" required><button type="submit">查询</button></form>`;
  return layout("查询进度", "群众诉求快速响应", body);
}
