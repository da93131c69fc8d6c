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
