// The operator's tablet loses nothing: counts tapped while the Wi-Fi is gone are
// shown at once, wait in the browser, survive a reload, and reach the server
// exactly once when it is back.
import { test, expect, type Page } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { signInAs, signInAtKiosk } from './sign_in';

async function goodOnServer(page: Page, workCenter: string): Promise<number> {
  const response = await page.request.post('/api/station_view', { form: { work_center_id: workCenter } });
  expect(response.status()).toBe(200);
  const station = await response.json();
  return station.run.good;
}

test('counts tapped offline are kept, survive a reload and arrive exactly once', async ({ browser }) => {
  test.setTimeout(120_000);
  const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const page = await tablet.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));

  const workCenter = await signInAtKiosk(page, 'PRESS-1 — Heidelberg Speedmaster XL 106');

  // The demo floor is live: the press's current run is finished first.
  await expect(page.getByRole('button', { name: /^(Finish run|Start run)$/ })).toBeVisible();
  const finishRun = page.getByRole('button', { name: 'Finish run' });
  if (await finishRun.isVisible()) await finishRun.tap();

  await page.getByLabel('Job').fill('J-4711');
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'FLY-A5 — A5 flyer, 4/4' });
  await page.getByLabel('Planned quantity').fill('500');
  await page.getByRole('button', { name: 'Start run' }).tap();
  const plusOne = page.getByRole('button', { name: '+1 good' });
  await expect(plusOne).toBeVisible();
  const box = await plusOne.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(64);
  await expect(page.getByTestId('machine-state')).toHaveText('Running');

  // The Wi-Fi drops: taps show at once and wait.
  await tablet.setOffline(true);
  for (let i = 0; i < 3; i++) await plusOne.tap();
  await page.getByRole('button', { name: '+10 good' }).tap();
  await expect(page.getByTestId('good')).toHaveText('13');
  await expect(page.getByTestId('queue')).toHaveText('4 waiting to send');
  await page.screenshot({ path: screenshotPath('operator-tablet-offline') });

  // It is back: the queue is replayed, once.
  await tablet.setOffline(false);
  await expect(page.getByTestId('queue')).toHaveText('Everything is sent.', { timeout: 15_000 });
  expect(await goodOnServer(page, workCenter)).toBe(13);

  // The server is unreachable and the operator reloads: the count is still waiting.
  await page.route('**/api/station_write', (route) => route.abort());
  await plusOne.tap();
  await expect(page.getByTestId('queue')).toHaveText('1 waiting to send');
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByTestId('queue')).toHaveText('1 waiting to send');
  await expect(page.getByTestId('good')).toHaveText('14');
  await page.unroute('**/api/station_write');
  await expect(page.getByTestId('queue')).toHaveText('Everything is sent.', { timeout: 15_000 });
  expect(await goodOnServer(page, workCenter)).toBe(14);
  await expect(page.getByTestId('good')).toHaveText('14');
  await page.screenshot({ path: screenshotPath('operator-tablet') });

  // The supervisor's dashboard shows them, once.
  const desk = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const supervisor = await desk.newPage();
  await signInAs(supervisor, 'supervisor@acme.example');
  await supervisor.goto('/production');
  const tile = supervisor.getByTestId(`tile-${workCenter}`);
  await expect(tile.getByTestId('tile-good')).toHaveText('14');
  await expect(tile).toContainText('Running');
  await supervisor.screenshot({ path: screenshotPath('production-dashboard') });
  await desk.close();

  // A refused action (the run finished on another tablet, which this one has not
  // heard of yet) is said and leaves the queue.
  await page.route('**/api/station_view', (route) => route.abort());
  const finish = await page.request.post('/api/station_write', {
    data: { work_center_id: Number(workCenter), idempotency_key: '11111111-1111-4111-8111-111111111111',
      action: { action: 'finish_run', run_id: (await (await page.request.post('/api/station_view',
        { form: { work_center_id: workCenter } })).json()).run.id } },
  });
  expect(finish.status()).toBe(200);
  await plusOne.tap();
  await expect(page.getByRole('alert').filter({ hasText: 'not going any more' })).toBeVisible();
  await page.unroute('**/api/station_view');
  await expect(page.getByTestId('queue')).toHaveText('Everything is sent.');

  // A stop without a reason is asked about until it has one.
  await page.getByRole('button', { name: 'Idle', exact: true }).tap();
  const ask = page.getByTestId('explain-stop');
  await expect(ask).toBeVisible({ timeout: 15_000 });
  await ask.getByRole('combobox').selectOption({ label: 'Paper jam' });
  await ask.getByRole('button', { name: 'Give reason' }).tap();
  await expect(ask).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('machine-state')).toHaveText('Down');
  expect(errors).toEqual([]);
  await tablet.close();
});
