// Receiving on a tablet: an operator scans three items (a scanner types the code and
// presses Enter), gets a bin for each, accepts two and puts one elsewhere with a
// reason; the supervisor's warehouse view counts the three decisions.
import { test, expect, type Page } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { signInAs, signInAtKiosk } from './sign_in';

/** The sample size of the 7-day acceptance card ("81 % (n = 1012)"). */
async function decidedThisWeek(page: Page): Promise<number> {
  const card = page.getByTestId('warehouse-figures').locator('.stat-card', { hasText: 'Accepted as given, 7 days' });
  const text = await card.getByTestId('stat-value').innerText();
  const n = text.match(/n = (\d+)/);
  expect(n, text).not.toBeNull();
  return Number(n![1]);
}

test('an operator receives three items, accepts two and overrides one', async ({ browser }) => {
  const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const supervisor = await desk.newPage();
  await signInAs(supervisor, 'supervisor@acme.example');
  await supervisor.goto('/warehouse');
  await expect(supervisor.getByTestId('warehouse-figures')).toBeVisible();
  await expect(supervisor.locator('#warehouse-heatmap canvas, #warehouse-heatmap svg').first()).toBeVisible();
  const before = await decidedThisWeek(supervisor);
  await supervisor.screenshot({ path: screenshotPath('warehouse-heatmap'), fullPage: true });

  const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const page = await tablet.newPage();
  await signInAtKiosk(page, 'CUT-1 — Polar 115 guillotine');
  await page.goto('/warehouse/receiving');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const material = page.getByLabel('Material code');
  for (const [code, quantity] of [['MAT-0001', '12'], ['MAT-0002', '3'], ['MAT-0005', '2']]) {
    await page.getByLabel('Quantity (pieces)').fill(quantity);
    await material.fill(code);
    await material.press('Enter');
    await expect(material).toBeFocused();
  }
  await expect(page.getByTestId('receiving-lines').getByRole('listitem')).toHaveCount(3);
  const getBins = page.getByTestId('get-bins');
  expect((await getBins.boundingBox())!.height).toBeGreaterThanOrEqual(64);
  await getBins.tap();

  const cards = page.getByTestId('putaway-card');
  await expect(cards).toHaveCount(3);
  await expect(cards.nth(0)).toContainText('room for 3 cases');
  await page.screenshot({ path: screenshotPath('warehouse-receiving'), fullPage: true });
  for (const n of [0, 1]) {
    await cards.nth(n).getByRole('button', { name: 'Accept' }).tap();
    await expect(cards.nth(n).getByRole('status')).toContainText('ACCEPTED');
  }
  const third = cards.nth(2);
  await third.getByRole('button', { name: 'Put elsewhere' }).tap();
  await third.getByRole('button', { name: 'Confirm' }).tap();
  await expect(third.getByRole('alert')).toContainText('Say why');
  await third.getByLabel('Why?').fill('closer to the cutter');
  await third.getByRole('button', { name: 'Confirm' }).tap();
  await expect(third.getByRole('status')).toContainText('OVERRIDDEN');

  await supervisor.reload();
  await expect(supervisor.getByTestId('warehouse-figures')).toBeVisible();
  expect(await decidedThisWeek(supervisor)).toBe(before + 3);
});
