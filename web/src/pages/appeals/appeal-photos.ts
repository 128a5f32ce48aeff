import { appealAdmin } from "../../../../common/contract/index.js";
import type { AppealDetail } from "../../../../common/contract/appeals.contract.js";
import { ApiError, apiErrorOf, apiHeaders } from "../../api/client.js";
import { fillPath } from "../../../../common/contract/endpoint.js";

/** The longest side a photo is sent at: what the residents' page uses (rural 3G, ≤ 3 MB). */
export const MAX_SIDE = 1280;

/** Shrinks a photo in the browser to MAX_SIDE as JPEG 0.8; anything the browser cannot draw goes as it is (the server checks it). */
export function resizePhoto(file: Blob): Promise<Blob> {
  return new Promise((resolve) => {
    const img = new Image();
    const url = URL.createObjectURL(file);
    img.onload = () => {
      const s = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
      const c = document.createElement("canvas");
      c.width = Math.max(1, Math.round(img.width * s));
      c.height = Math.max(1, Math.round(img.height * s));
      c.getContext("2d")?.drawImage(img, 0, 0, c.width, c.height);
      URL.revokeObjectURL(url);
      c.toBlob((b) => resolve(b ?? file), "image/jpeg", 0.8);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      resolve(file);
    };
    img.src = url;
  });
}

/** Uploads photos (already resized) to an appeal in one multipart request (fields `photo`). */
export async function uploadAppealPhotos(appealId: string, photos: readonly Blob[]): Promise<AppealDetail> {
  const form = new FormData();
  photos.forEach((p, i) => form.append("photo", p, `photo-${i + 1}.jpg`));
  const e = appealAdmin.addAppealAttachments;
  let res: Response;
  try {
    res = await fetch(fillPath(e.path, { id: appealId }), {
      method: e.method,
      headers: { ...apiHeaders(e.method), Accept: "application/json" },
      body: form,
      credentials: "same-origin",
    });
  } catch (err) {
    throw new ApiError("NETWORK", err instanceof Error ? err.message : String(err), 0);
  }
  if (!res.ok) throw await apiErrorOf(res);
  return (await res.json()) as AppealDetail;
}
