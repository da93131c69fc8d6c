// The supervisor's runs table: the demo's last week newest first, a filter that
// applies when sent, pages, an empty state, and the same filter as a CSV file.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { screenshotPath } from './screenshots';
import { signInAs } from './sign_in';

test('the runs table filters, pages and downloads the filtered runs as CSV', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await signInAs(page, 'supervisor@acme.example');
  await page.goto('/production');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  const table = page.getByTestId('runs-table');
  await expect(table.locator('tbody tr')).toHaveCount(50);
  await expect(page.locator('.runs .pager')).toContainText('Page 1 of');
  await page.locator('.runs .pager').getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('.runs .pager')).toContainText('Page 2 of');

  const filter = page.getByTestId('runs-filter');
  await filter.getByLabel('Status').selectOption({ label: 'Completed' });
  await filter.getByLabel('Work center').selectOption({ label: 'PRESS-1 — Heidelberg Speedmaster XL 106' });
  await filter.getByRole('button', { name: 'Show' }).click();
  await expect(page.locator('.runs .pager')).toContainText('Page 1 of');
  await page.setViewportSize({ width: 1600, height: 1000 });
  // The heading just below the sticky top bar.
  await page.evaluate(() => {
    document.getElementById('runs-title')?.scrollIntoView();
    window.scrollBy(0, -80);
  });
  await page.screenshot({ path: screenshotPath('production-runs') });
  const statuses = await table.locator('tbody tr td:nth-child(4)').allTextContents();
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(['Completed']));
  const centers = await table.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(new Set(centers)).toEqual(new Set(['PRESS-1 — Heidelberg Speedmaster XL 106']));

  const downloading = page.waitForEvent('download');
  await filter.getByRole('button', { name: 'Download CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('runs.csv');
  const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
  expect(lines[0]).toBe('run,work_center,job,product,status,planned,good,scrap,start_utc,end_utc,operator');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((line) => line.includes(',completed,'))).toBe(true);

  await filter.getByLabel('From', { exact: true }).fill('2020-01-01');
  await filter.getByLabel('To', { exact: true }).fill('2020-01-07');
  await filter.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText('No runs match this filter.')).toBeVisible();
  expect(errors).toEqual([]);
});
