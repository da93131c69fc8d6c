// A stop that is over, recorded afterwards on the operator's tablet: it reaches
// the server through the outbox, and one that overlaps it is refused and said.
import { test, expect } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { signInAtKiosk } from './sign_in';

test('an operator records a stop that is over, and an overlapping one is refused', async ({ browser }) => {
  test.setTimeout(150_000);
  const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const page = await tablet.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));

  await signInAtKiosk(page, 'FOLD-1 — MBO K8 folder');

  // The machine runs from now on; a minute later the operator says it was down for that minute.
  await page.getByRole('button', { name: 'Running', exact: true }).tap();
  await expect(page.getByTestId('queue')).toHaveText('Everything is sent.');
  await page.waitForTimeout(62_000);
  const form = page.getByTestId('past-stop');
  await form.locator('summary').tap();
  await form.getByLabel('State').selectOption({ label: 'Down' });
  await form.getByLabel('Reason').selectOption({ label: 'Paper jam' });
  // Neither minutes nor times: said, nothing sent.
  await form.getByRole('button', { name: 'Record the stop' }).tap();
  await expect(form.getByRole('alert')).toContainText('Give the minutes');
  await form.getByTestId('past-minutes').fill('1');
  await form.getByRole('button', { name: 'Record the stop' }).tap();
  await expect(page.getByTestId('queue')).toHaveText('Everything is sent.');
  await expect(page.getByRole('alert').filter({ hasText: 'Not recorded' })).toHaveCount(0);
  await expect(page.getByTestId('machine-state')).toHaveText('Running');
  await page.screenshot({ path: screenshotPath('operator-tablet-past-stop') });

  // The same minute again overlaps what is now recorded.
  await form.getByTestId('past-minutes').fill('1');
  await form.getByRole('button', { name: 'Record the stop' }).tap();
  await expect(page.getByRole('alert').filter({ hasText: 'overlaps a time already recorded' })).toBeVisible();
  const box = await form.getByRole('button', { name: 'Record the stop' }).boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(64);
  expect(errors).toEqual([]);
  await tablet.close();
});
