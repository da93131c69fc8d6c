// Floor alerts: a tenant administrator adds a rule in the catalogue, the floor
// watch raises alerts at its next half-minute look, the supervisor's dashboard
// and the wall TV show them, and an acknowledgement with a comment is kept
// through a reload.
import { test, expect } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { signInAs } from './sign_in';

test('a new alert rule raises alerts that a supervisor acknowledges with a comment', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));

  await signInAs(page, 'admin@acme.example');
  await page.goto('/admin/catalog/alert-rules/new');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Code').fill('E2E-OEE-100');
  await page.getByLabel(/^Alert when/).selectOption('oee_below');
  // A percentage above 100 is refused by field, and nothing is saved.
  await page.getByLabel(/^Threshold/).fill('150');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('A percentage is at most 100.')).toBeVisible();
  await page.getByLabel(/^Threshold/).fill('100');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/catalog\/alert-rules$/);
  const edit = page.getByRole('row', { name: /E2E-OEE-100/ }).getByRole('link', { name: 'Edit' });
  const ruleId = (await edit.getAttribute('href'))!.split('/').pop()!;

  const supervisor = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
  supervisor.on('pageerror', (err) => errors.push(err.message));
  await signInAs(supervisor, 'supervisor@acme.example');
  await supervisor.goto('/production');
  await expect(supervisor.locator('body')).toHaveAttribute('data-hydrated', 'true');
  // Every work center that ran below 100 % OEE gets one at the watch's next look (every 30 s).
  const raised = supervisor.locator('.alert-open.unacknowledged', { hasText: 'below 100 %' }).first();
  await expect(raised).toBeVisible({ timeout: 60_000 });
  const testId = (await raised.getAttribute('data-testid'))!;
  const alert = supervisor.getByTestId(testId);

  await alert.getByTestId('ack-comment').fill('Rule under test: nothing runs at 100 %');
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(alert.locator('.alert-ack')).toContainText('by Sam Supervisor');
  await expect(alert.locator('.alert-ack')).toContainText('Rule under test: nothing runs at 100 %');
  await expect(alert.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);

  await supervisor.evaluate(() => {
    document.getElementById('alerts-title')?.scrollIntoView();
    window.scrollBy(0, -80);
  });
  await supervisor.screenshot({ path: screenshotPath('production-alerts') });

  await supervisor.reload();
  await expect(supervisor.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(supervisor.getByTestId(testId).locator('.alert-ack')).toContainText('Rule under test', { timeout: 15_000 });

  // The wall TV shows the facility's open alerts above its tiles.
  await supervisor.goto('/production?tv=1');
  await expect(supervisor.getByTestId('tv-alerts')).toContainText('below 100 %', { timeout: 15_000 });

  // The rule goes again, so the dashboards of the tests after this one are the demo's own.
  const removed = await page.request.post('/api/catalog_delete', { form: { kind: 'alert_rules', id: ruleId } });
  expect(removed.status()).toBe(200);
  expect(errors).toEqual([]);
});
