// Signing in through the real login form, as the demo's people do.
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'floorcast-demo';

/** Signs `email` in on `page` and waits until the shell shows who is signed in. */
export async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** Signs the demo operator (badge 1001) in at the kiosk of the demo's first
 * facility, at the work center labelled `workCenter`; returns its id. */
export async function signInAtKiosk(page: Page, workCenter: string): Promise<string> {
  await page.goto('/kiosk/1');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Work center').selectOption({ label: workCenter });
  await page.getByLabel('Badge number').fill('1001');
  await page.getByLabel('PIN').fill('2468');
  await page.getByRole('button', { name: 'Start shift' }).tap();
  await expect(page).toHaveURL(/\/kiosk\/1\/station\/\d+$/);
  return page.url().split('/').pop()!;
}
