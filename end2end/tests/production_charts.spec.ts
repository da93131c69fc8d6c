// The supervisor's loss, utilization and trend charts: drawn by ECharts from the
// polled overview, and the trend redrawn for the span the supervisor picks.
import { test, expect } from '@playwright/test';
import { screenshotPath } from './screenshots';
import { signInAs } from './sign_in';

test('the production dashboard draws its loss, utilization and OEE trend charts', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await signInAs(page, 'supervisor@acme.example');
  await page.goto('/production');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  for (const id of ['six-big-losses', 'downtime-pareto', 'scrap-pareto', 'utilization', 'oee-trend']) {
    await expect(page.locator(`#${id} canvas`), id).toBeVisible();
  }
  const asked = page.waitForResponse(
    (response) => response.url().includes('/api/production_trend') && response.request().postData()?.includes('30d-day') === true,
  );
  await page.getByTestId('trend-span').selectOption({ label: 'Last 30 days, by day' });
  expect((await asked).status()).toBe(200);
  await expect(page.locator('#oee-trend canvas')).toBeVisible();

  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.evaluate(() => {
    document.getElementById('trend-title')?.scrollIntoView();
    window.scrollBy(0, -80);
  });
  await page.waitForTimeout(800); // let the charts' entry animation finish
  await page.screenshot({ path: screenshotPath('production-trend') });
  await page.evaluate(() => {
    document.querySelector('.chart-grid')?.scrollIntoView();
    window.scrollBy(0, -120);
  });
  await page.waitForTimeout(800);
  await page.screenshot({ path: screenshotPath('production-losses') });
  expect(errors).toEqual([]);
});
