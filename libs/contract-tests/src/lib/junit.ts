import type { CaseResult } from './run-cases';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text safe inside XML: escaped, without the control characters XML 1.0 forbids (ANSI colours). */
function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/[&<>"']/g, (char) => XML_ESCAPES[char])
  );
}

/**
 * The results as a JUnit XML report, the format every CI reads (GitHub, GitLab,
 * Jenkins). Written here rather than with a reporter library: one suite of flat
 * cases is twenty lines, and the jest reporter cannot be used outside jest.
 */
export function junitXml(suite: string, results: readonly CaseResult[]): string {
  const count = (outcome: CaseResult['outcome']) =>
    results.filter((result) => result.outcome === outcome).length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = results.reduce((sum, result) => sum + result.durationMs, 0);
  const cases = results.map((result) => {
    const open = `    <testcase classname="${xml(suite)}" name="${xml(result.name)}" time="${seconds(result.durationMs)}"`;
    if (result.outcome === 'passed') return `${open}/>`;
    const inner =
      result.outcome === 'skipped'
        ? `<skipped message="${xml(result.reason ?? '')}"/>`
        : `<failure message="${xml((result.reason ?? '').split('\n')[0])}">${xml(result.reason ?? '')}</failure>`;
    return `${open}>\n      ${inner}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="Hypersender contract" tests="${results.length}" failures="${count('failed')}" skipped="${count('skipped')}" time="${seconds(total)}">`,
    `  <testsuite name="${xml(suite)}" tests="${results.length}" failures="${count('failed')}" skipped="${count('skipped')}" errors="0" time="${seconds(total)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
