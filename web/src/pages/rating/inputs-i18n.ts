/** UI strings of the rating inputs: evidence files, the branch's member scores, the public index (zh-CN first). */
export const ratingInputsZh = {
  "ri.evidenceFiles": "已上传的佐证材料",
  "ri.evidenceUpload": "上传文件",
  "ri.evidenceDelete": "删除文件",
  "ri.evidenceDeleteConfirm": "删除这份佐证材料？",
  "ri.evidenceRefs": "或填写材料名称/文号",
  "ri.branchScores": "支部评分",
  "ri.branchScoresOf": "{{org}} · 支部评分",
  "ri.branchScoresHelp": "以下指标没有记录可依，由支部评定：党费按“是/否”填 1 或 0，其余按分值填写，不超过上限。修改后点击保存。",
  "ri.saveScores": "保存（{{n}} 项修改）",
  "ri.yesNo": "是=1 / 否=0",
  "ri.noMemberScheme": "{{year}} 年没有已发布的党员评星方案",
  "ri.branchScoresLink": "支部评分（履职、服务群众等）",
};

/** English UI strings of the rating inputs (keys as in ratingInputsZh). */
export const ratingInputsEn: Record<keyof typeof ratingInputsZh, string> = {
  "ri.evidenceFiles": "Uploaded evidence",
  "ri.evidenceUpload": "Upload a file",
  "ri.evidenceDelete": "Delete the file",
  "ri.evidenceDeleteConfirm": "Delete this evidence file?",
  "ri.evidenceRefs": "or type document names / numbers",
  "ri.branchScores": "Branch scores",
  "ri.branchScoresOf": "{{org}} · branch scores",
  "ri.branchScoresHelp": "No record supplies these indicators, so the branch scores them: 1 or 0 for yes/no indicators (dues), otherwise points up to the maximum. Save after editing.",
  "ri.saveScores": "Save ({{n}} changes)",
  "ri.yesNo": "yes=1 / no=0",
  "ri.noMemberScheme": "No member star scheme is published for {{year}}",
  "ri.branchScoresLink": "Branch scores (duties, serving the masses …)",
};
