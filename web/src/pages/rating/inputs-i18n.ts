/** UI strings of the rating inputs: evidence files, the branch's member scores, the public index (zh-CN first). */
export const ratingInputsZh = {
  "ri.evidenceFiles": "已上传的佐证材料",
  "ri.evidenceUpload": "上传文件",
  "ri.evidenceDelete": "删除文件",
  "ri.evidenceDeleteConfirm": "删除这份佐证材料？",
  "ri.evidenceRefs": "或填写材料名称/文号",
};

/** English UI strings of the rating inputs (keys as in ratingInputsZh). */
export const ratingInputsEn: Record<keyof typeof ratingInputsZh, string> = {
  "ri.evidenceFiles": "Uploaded evidence",
  "ri.evidenceUpload": "Upload a file",
  "ri.evidenceDelete": "Delete the file",
  "ri.evidenceDeleteConfirm": "Delete this evidence file?",
  "ri.evidenceRefs": "or type document names / numbers",
};
