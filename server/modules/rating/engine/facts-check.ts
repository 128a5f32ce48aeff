import type { CompiledPlan, CompiledScheme } from "./compile.js";
import { factProblem } from "./problems.js";
import type { Facts } from "./schema.js";
import type { FactProblem, MessageRef } from "./types.js";

/**
 * Checks the keys of a subject's facts against the scheme: scores for unknown indicators, roles
 * not allowed to score an indicator, counts for indicators that are not counted, unknown vetoes.
 * Values are checked where they are scored. Scores for an indicator the subject's category
 * disables are ignored with a note, since the same form may serve every category.
 */
export function checkFactKeys(compiled: CompiledScheme, plan: CompiledPlan, facts: Facts, problems: FactProblem[], notes: MessageRef[]): void {
  const ignored: string[] = [];
  for (const [code, byRole] of Object.entries(facts.manualScores ?? {})) {
    const ind = plan.byCode.get(code);
    if (!ind) {
      if (compiled.indicatorCodes.has(code)) ignored.push(code);
      else problems.push(factProblem("unknownIndicator", `manualScores.${code}`, { indicator: code }));
      continue;
    }
    if (ind.source !== "manual" || ind.method === "perEvent") {
      problems.push(factProblem("notManual", `manualScores.${code}`, { indicator: code }));
      continue;
    }
    for (const role of Object.keys(byRole)) {
      if (!ind.roles.some((r) => r.role === role)) {
        problems.push(factProblem("roleNotAllowed", `manualScores.${code}.${role}`, { indicator: code, role }));
      }
    }
  }
  for (const code of Object.keys(facts.counts ?? {})) {
    const ind = plan.byCode.get(code);
    if (!ind) {
      if (compiled.indicatorCodes.has(code)) ignored.push(code);
      else problems.push(factProblem("unknownIndicator", `counts.${code}`, { indicator: code }));
    } else if (ind.source !== "manual" || ind.method !== "perEvent") {
      problems.push(factProblem("notManual", `counts.${code}`, { indicator: code }));
    }
  }
  (facts.vetoHits ?? []).forEach((code, i) => {
    if (!compiled.vetoes.has(code)) problems.push(factProblem("unknownVeto", `vetoHits.${i}`, { veto: code }));
  });
  if (ignored.length > 0) notes.push({ key: "rating.note.disabledIgnored", params: { indicators: ignored.join(", ") } });
}
