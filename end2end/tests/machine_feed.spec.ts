// A tenant administrator makes a machine token, copies its secret (shown once),
// a gateway posts a state with it, and the revoked token is refused.
import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { signInAs } from './sign_in';

test('an admin makes a machine token, a gateway posts with it, and a revoked token is refused', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await signInAs(page, 'admin@acme.example');
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Machine feeds' }).click();
  await expect(page).toHaveURL(/\/admin\/devices$/);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  const form = page.locator('section.panel', { hasText: 'New machine token' });
  await form.getByRole('button', { name: 'Make token' }).click();
  await expect(page.locator('#name-error')).toHaveText('Required.');
  await form.getByLabel('Name').fill('Press 1 gateway');
  await form.getByLabel('Work center').selectOption({ index: 1 });
  await form.getByRole('button', { name: 'Make token' }).click();
  const secret = (await page.getByTestId('new-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^fcd_[0-9a-f]{64}$/);
  const row = page.getByTestId('device-tokens').locator('tbody tr').first();
  await expect(row).toContainText('Press 1 gateway');
  await expect(row).toContainText('Active');

  const post = () =>
    page.request.post('/api/machine/states', {
      headers: { Authorization: `Bearer ${secret}` },
      data: { idempotency_key: randomUUID(), state: 'Idle' },
    });
  const fed = await post();
  expect(fed.status()).toBe(200);
  expect((await fed.json()).outcome).toBe('done');

  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('Revoked');
  expect((await post()).status()).toBe(401);
  expect(errors).toEqual([]);
});
