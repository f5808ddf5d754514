// `bench gate` output: a Markdown summary for a pull-request comment and JUnit XML for CI test reporters
// (one <testcase> per gate; a failed gate is a <failure>, non-comparable runs an <error>). A gate that cannot be
// checked (undefined metric or test) is a failure with the reason, and notes (samples standing in for patients) are
// listed under the table and in the test case's output.
import type { GateVerdict } from '../benchmarks/analysis/gate-verdict.ts';
import { formatPValue, formatValue } from './format.ts';
import { markdownTable } from './markdown.ts';

export function gateMarkdown(verdict: GateVerdict, baseline: string, current: string): string {
  if (verdict.kind === 'not-comparable') {
    return [`### ⚠️ bench gate: runs not comparable`, '', `baseline \`${baseline}\`, current \`${current}\``, '', ...verdict.problems.map((p) => `- ${p}`), ''].join('\n');
  }
  const head = verdict.passed ? '### ✅ bench gate passed' : '### ❌ bench gate failed';
  const table = {
    title: '',
    head: ['task', 'metric', 'baseline', 'current', 'Δ [95% CI]', 'test', 'p (Holm)', 'α', 'maxDrop', 'status'],
    rows: verdict.outcomes.map((o) => [
      o.gate.task,
      o.metric,
      formatValue(o.baselineValue),
      formatValue(o.currentValue),
      `${o.delta >= 0 ? '+' : ''}${formatValue(o.delta)} [${formatValue(o.ci[0])}, ${formatValue(o.ci[1])}]`,
      o.resampling ? `${o.test} (CI over ${o.resampling})` : o.test,
      formatPValue(o.adjustedPValue),
      String(o.gate.alpha),
      String(o.gate.maxDrop),
      o.status === 'pass' ? 'pass' : `**FAIL**: ${o.reasons.join('; ')}`,
    ]),
  };
  const notes = verdict.outcomes.filter((o) => o.note && !o.reasons.some((r) => r.includes(o.note!))).map((o) => `- note: ${o.gate.task}/${o.metric}: ${o.note}`);
  return [head, '', `baseline \`${baseline}\`, current \`${current}\``, '', markdownTable(table), ...(notes.length ? ['', ...notes] : []), ''].join('\n');
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function gateJunit(verdict: GateVerdict): string {
  const cases =
    verdict.kind === 'not-comparable'
      ? [`    <testcase classname="bench.gate" name="comparable"><error message="${xml(verdict.problems.join('; '))}"/></testcase>`]
      : verdict.outcomes.map((o) => {
          const name = xml(`${o.gate.task}/${o.metric}`);
          const failure = o.status === 'fail' ? `<failure message="${xml(o.reasons.join('; '))}"/>` : '';
          const note = o.note ? `<system-out>${xml(o.note)}</system-out>` : '';
          const body = failure + note;
          return `    <testcase classname="bench.gate" name="${name}">${body}</testcase>`;
        });
  const failures = verdict.kind === 'checked' ? verdict.outcomes.filter((o) => o.status === 'fail').length : 0;
  const errors = verdict.kind === 'not-comparable' ? 1 : 0;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bench gate" tests="${cases.length}" failures="${failures}" errors="${errors}">`,
    `  <testsuite name="bench gate" tests="${cases.length}" failures="${failures}" errors="${errors}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
