/** What the check needs of a page (playwright-core's Page has it). */
export interface PageToCheck {
  addScriptTag(options: { path: string }): Promise<unknown>;
  evaluate<T>(run: () => Promise<T>): Promise<T>;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
}

/**
 * The serious and critical findings of axe-core, run in the page as it is now (its
 * script injected from node_modules: no network). Empty when there are none.
 */
export async function seriousAccessibilityFindings(page: PageToCheck): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    return (await axe.run()).violations.map(({ id, impact, help }) => ({ id, impact, help }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help}`);
}
