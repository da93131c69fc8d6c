// The schedule: a supervisor plans a run on the facility's clock (a bad field is
// named and keeps what was typed), and the operator starts it with one tap.
import { test, expect } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { signInAs, signInAtKiosk } from './sign_in';

/** Tomorrow at `hh:mm`, as a datetime-local input takes it. */
function tomorrowAt(time: string): string {
  const day = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  return `${day}T${time}`;
}

test('a supervisor schedules a run and the operator starts it from the tablet', async ({ browser }) => {
  const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const supervisor = await desk.newPage();
  await signInAs(supervisor, 'supervisor@acme.example');
  await supervisor.goto('/production');
  await supervisor.getByRole('link', { name: 'Schedule' }).click();
  await expect(supervisor.getByRole('heading', { level: 1 })).toHaveText('Schedule');

  const form = supervisor.locator('.schedule-form');
  await form.getByLabel('Work center').selectOption({ label: 'CUT-1 — Polar 115 guillotine' });
  await form.getByLabel('Product').selectOption({ label: 'BC-85x55 — Business cards' });
  await form.getByLabel('Job').fill('J-7001');
  await form.getByLabel('Planned quantity').fill('0');
  await form.getByLabel(/Planned start/).fill(tomorrowAt('10:00'));
  await form.getByRole('button', { name: 'Schedule run' }).click();
  await expect(form.getByText('Enter a whole number of pieces')).toBeVisible();
  await expect(form.getByLabel('Job')).toHaveValue('J-7001');

  await form.getByLabel('Planned quantity').fill('2400');
  await form.getByRole('button', { name: 'Schedule run' }).click();
  const row = supervisor.getByTestId('schedule').getByRole('row', { name: /J-7001/ });
  await expect(row).toContainText('10:00');
  await expect(row).toContainText('BC-85x55 — Business cards');
  await supervisor.screenshot({ path: screenshotPath('production-schedule'), fullPage: true });

  const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const page = await tablet.newPage();
  await signInAtKiosk(page, 'CUT-1 — Polar 115 guillotine');
  // The demo floor is live: the guillotine's current run is finished first.
  await expect(page.getByRole('button', { name: /^(Finish run|Start run)$/ })).toBeVisible();
  const finishRun = page.getByRole('button', { name: 'Finish run' });
  if (await finishRun.isVisible()) await finishRun.tap();
  const ours = page.getByTestId('from-schedule').getByRole('listitem').filter({ hasText: 'J-7001' });
  await expect(ours).toBeVisible();
  const start = ours.getByRole('button', { name: 'Start' });
  const box = await start.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(64);
  await start.tap();
  await expect(page.getByRole('button', { name: '+1 good' })).toBeVisible();
  await expect(page.locator('.run')).toHaveText('J-7001 · BC-85x55 — Business cards');
  await expect(page.getByTestId('queue')).toHaveText('Everything is sent.');

  // Started: it has left the schedule.
  await supervisor.reload();
  await expect(supervisor.getByTestId('schedule').getByRole('row', { name: /J-7001/ })).toHaveCount(0);
});
