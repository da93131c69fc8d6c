// The app shell: it renders on the server, hydrates into WASM, draws a chart,
// works at tablet and desktop sizes, and the server reports itself ready.
import { test, expect, type Page } from '@playwright/test';
import { screenshotPath } from './screenshots';

/** Fails the test on any console error or uncaught exception in the page. */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

async function openHydrated(page: Page, path = '/') {
  await page.goto(path);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

test('the shell renders on the server with navigation to every dashboard', async ({ page }) => {
  // Scripts off: what the server sent, before any WASM runs.
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto('/');
  await expect(page).toHaveTitle(/Overview · Floorcast/);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const name of ['Overview', 'Forecasting', 'Production', 'Warehouse', 'Admin']) {
    await expect(nav.getByRole('link', { name })).toBeVisible();
  }
  await expect(page.getByTestId('status-badge').first()).toHaveText('HEALTHY');
});

test('the page hydrates: the theme switch works and is remembered', async ({ page }) => {
  const errors = watchConsole(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await openHydrated(page);
  const html = page.locator('html');
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await openHydrated(page);
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(errors).toEqual([]);
});

test('the status chart is drawn by ECharts and refreshes', async ({ page }) => {
  const errors = watchConsole(page);
  await openHydrated(page);
  await expect(page.locator('#status-chart canvas')).toBeVisible();
  await expect(page.getByTestId('poll-updated')).toHaveText(/^Updated \d+ s ago$/);
  await page.getByTestId('refresh-picker').selectOption('5');
  await page.waitForRequest('**/api/system_status', { timeout: 20_000 });
  await expect(page.getByTestId('poll-updated')).toHaveText(/^Updated [0-5] s ago$/, { timeout: 10_000 });
  expect(errors).toEqual([]);
});

test('a failing poll keeps the last data, says since when it is stale, and recovers', async ({ page }) => {
  await openHydrated(page);
  await expect(page.getByTestId('status-badge').first()).toHaveText('HEALTHY');
  await page.route('**/api/system_status', (route) => route.abort('connectionrefused'));
  await page.getByTestId('poll-refresh').click();
  await expect(page.getByTestId('poll-stale')).toHaveText(/^Stale since \d\d:\d\d:\d\d( · retrying in \d+ s)?$/);
  await expect(page.getByTestId('status-badge').first()).toHaveText('HEALTHY');
  await page.unroute('**/api/system_status');
  await page.getByTestId('poll-refresh').click();
  await expect(page.getByTestId('poll-updated')).toBeVisible();
  await expect(page.getByTestId('poll-stale')).toHaveCount(0);
});

test('client-side navigation reaches every dashboard', async ({ page }) => {
  const errors = watchConsole(page);
  await openHydrated(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const [name, heading] of [
    ['Forecasting', 'Forecasting & replenishment'],
    ['Production', 'Production analytics'],
    ['Warehouse', 'Bin utilization & putaway'],
    ['Admin', 'Administration'],
  ]) {
    await nav.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
  }
  expect(errors).toEqual([]);
});

test('a portrait tablet folds the navigation behind a 44 px menu button', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 1280 });
  await openHydrated(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav).toBeHidden();
  const menu = page.getByRole('button', { name: 'Menu' });
  const box = await menu.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  expect(box!.width).toBeGreaterThanOrEqual(44);
  await menu.click();
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: 'Production' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Production analytics');
  await expect(nav).toBeHidden();
});

test('an unknown address shows the not-found page with status 404', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});

test('/health/ready reports HEALTHY', async ({ request }) => {
  const response = await request.get('/health/ready');
  expect(response.status()).toBe(200);
  const report = await response.json();
  expect(report.status).toBe('HEALTHY');
  expect(report.checks.map((c: { name: string }) => c.name)).toEqual(['database', 'migrations', 'site']);
});

for (const [label, width, height, scheme] of [
  ['tablet', 1280, 800, 'light'],
  ['desktop', 1920, 1080, 'light'],
  ['desktop-dark', 1920, 1080, 'dark'],
] as const) {
  test(`screenshot of the shell: ${label} (${width}×${height})`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await openHydrated(page);
    await expect(page.locator('#status-chart canvas')).toBeVisible();
    await page.waitForTimeout(800); // let the chart's entry animation finish
    await page.screenshot({ path: screenshotPath(`shell-${label}`) });
  });
}

test('ECharts is downloaded only by pages that draw a chart', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  for (const path of ['/kiosk/1', '/login', '/production']) {
    await openHydrated(page, path);
  }
  await page.waitForTimeout(500);
  expect(requested).not.toContain('/echarts.min.js');
  await openHydrated(page, '/');
  await expect(page.locator('#status-chart canvas')).toBeVisible();
  expect(requested).toContain('/echarts.min.js');
});
