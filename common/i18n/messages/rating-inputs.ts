import type { DomainMessages } from "../catalogs.js";

/** Messages of the rating inputs: evidence files of a self-assessment and the branch's member scores. */
export const ratingInputsMessages: DomainMessages = {
  "zh-CN": {
    "rating.evidence.notSelfAssess": "只能在村(社区)自评阶段上传或删除佐证材料",
    "rating.evidence.noIndicator": "请选择佐证材料对应的指标",
    "rating.evidence.unknownIndicator": "方案中没有指标「{{indicator}}」",
    "rating.evidence.noEvidence": "指标「{{indicator}}」不需要佐证材料",
    "rating.memberScores.noScheme": "{{year}} 年没有已发布的党员评星方案",
    "rating.memberScores.notInOrg": "该党员不属于本党组织",
    "rating.memberScores.notBranchScored": "指标「{{indicator}}」不由支部评分",
    "rating.memberScores.aboveMax": "得分不能超过该指标的上限 {{max}}",
    "rating.memberScores.exempt": "该党员所属类别不参加此项评分",
    "rating.memberScores.yesNo": "此项只能填 1(是)或 0(否)",
    "field.indicator": "指标",
  },
  en: {
    "rating.evidence.notSelfAssess": "Evidence can only be uploaded or removed while the village assesses itself",
    "rating.evidence.noIndicator": "Choose the indicator the evidence is for",
    "rating.evidence.unknownIndicator": "The scheme has no indicator \"{{indicator}}\"",
    "rating.evidence.noEvidence": "Indicator \"{{indicator}}\" takes no evidence",
    "rating.memberScores.noScheme": "No member star scheme is published for {{year}}",
    "rating.memberScores.notInOrg": "This member does not belong to the party organisation",
    "rating.memberScores.notBranchScored": "Indicator \"{{indicator}}\" is not scored by the branch",
    "rating.memberScores.aboveMax": "The score cannot exceed the indicator's maximum of {{max}}",
    "rating.memberScores.exempt": "The member's category is not rated on this indicator",
    "rating.memberScores.yesNo": "This indicator takes 1 (yes) or 0 (no)",
    "field.indicator": "indicator",
  },
};
