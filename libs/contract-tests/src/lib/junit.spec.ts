import { junitXml } from './junit';

describe('junitXml', () => {
  it('counts outcomes, escapes names and messages, and drops ANSI colours', () => {
    const xml = junitXml('contract: <target>', [
      { name: 'a & b', outcome: 'passed', durationMs: 1500 },
      {
        name: 'needs "state"',
        outcome: 'skipped',
        reason: 'the target lacks state',
        durationMs: 0,
      },
      {
        name: 'broken',
        outcome: 'failed',
        reason: '\u001b[31mexpected\u001b[39m 200\nreceived 404',
        durationMs: 10,
      },
    ]);
    expect(xml).toContain('tests="3" failures="1" skipped="1"');
    expect(xml).toContain('name="a &amp; b" time="1.500"/>');
    expect(xml).toContain('name="needs &quot;state&quot;"');
    expect(xml).toContain('<skipped message="the target lacks state"/>');
    expect(xml).toContain('<failure message="expected 200">expected 200\nreceived 404</failure>');
    expect(xml).toContain('classname="contract: &lt;target&gt;"');
    expect(xml).not.toContain('\u001b');
  });
});
