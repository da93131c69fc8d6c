// Every page runs under its Content-Security-Policy without a single violation:
// our scripts carry the response's nonce, and nothing else runs.
import { test, expect, type Page } from '@playwright/test';

const PASSWORD = 'floorcast-demo';

/** Records CSP violations (the DOM event) and console errors of every page. */
async function watchViolations(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(err.message));
  return problems;
}

async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.headers()['content-security-policy'], path).toContain("'strict-dynamic'");
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

async function signIn(page: Page, email: string) {
  await page.goto('/login');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

test('every page runs under its CSP without a violation', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = await watchViolations(page);
  for (const path of ['/', '/forecasting', '/production', '/warehouse', '/login', '/kiosk/1']) {
    await visit(page, path);
  }
  await signIn(page, 'admin@acme.example');
  for (const path of ['/', '/admin', '/admin/users', '/admin/users/new', '/admin/catalog/materials',
    '/admin/catalog/bins', '/admin/audit']) {
    await visit(page, path);
  }
  await expect(page.locator('#status-chart canvas')).toHaveCount(0); // the audit page draws none
  await visit(page, '/');
  await expect(page.locator('#status-chart canvas')).toBeVisible(); // ECharts ran under the CSP
  await page.getByTestId('logout').click();
  await signIn(page, 'platform@floorcast.local');
  await visit(page, '/admin/tenants');
  expect(problems).toEqual([]);
});
