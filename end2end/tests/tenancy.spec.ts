// The tenancy story, end to end: the platform administrator creates a tenant and
// its administrator; that administrator sets up a facility, a supervisor and an
// operator with a badge; the supervisor sees only their tenant; the operator
// signs in at the kiosk on a tablet with badge and PIN.
import { test, expect, type Page } from '@playwright/test';
import { screenshotPath } from './screenshots';

const PASSWORD = 'floorcast-demo';

async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);
}

test('platform admin → tenant admin → supervisor and operator', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));

  // 1. The platform administrator creates tenant "Initech" with its administrator.
  await signIn(page, 'platform@floorcast.local', PASSWORD);
  await expect(page.getByTestId('current-user')).toContainText('Platform Admin');
  await page.goto('/admin/tenants');
  await hydrated(page);
  await page.locator('#name').fill('Initech');
  await page.getByLabel('Short name').fill('initech');
  await page.locator('#admin_email').fill('boss@initech.example');
  await page.locator('#admin_name').fill('Bill Lumbergh');
  await page.locator('#admin_password').fill('initech-boss-2026');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByTestId('tenant-initech')).toBeVisible();
  await signOut(page);

  // 2. Initech's administrator adds a facility, a supervisor and an operator.
  await signIn(page, 'boss@initech.example', 'initech-boss-2026');
  await expect(page.getByTestId('current-user')).toContainText('Initech');
  await page.goto('/admin/catalog/facilities/new');
  await hydrated(page);
  await page.getByLabel('Code').fill('MAIN');
  await page.getByLabel('Name').fill('Initech Main Plant');
  await page.getByLabel('Time zone').fill('America/Chicago');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/catalog\/facilities$/);
  const editLink = page.getByRole('row', { name: /MAIN/ }).getByRole('link', { name: 'Edit' });
  const facilityId = (await editLink.getAttribute('href'))!.split('/').pop()!;

  // Bin locations come from a CSV file: a bad line is reported, nothing stored; fixed, all of it lands.
  await page.goto('/admin/catalog/bins');
  await hydrated(page);
  const csv = 'code,facility,zone,length_mm,width_mm,height_mm,max_weight_kg\nA-01,MAIN,A,1200,800,1500,1000\nA-02,MAIN,A,wide,800,1500,1000\n';
  await page.getByLabel('CSV file').setInputFiles({ name: 'bins.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByLabel('CSV text')).toHaveValue(csv);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('alert')).toContainText('Line 3: length_mm: Enter a number.');
  await page.getByLabel('CSV text').fill(csv.replace('wide', '1200'));
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status')).toHaveText('Imported: 2 new, 0 updated.');

  // A bad e-mail is refused beside its field and keeps what was typed.
  await page.goto('/admin/users/new');
  await hydrated(page);
  await page.getByLabel('Email').fill('peter at initech');
  await page.getByLabel('Name').fill('Peter Gibbons');
  await page.getByLabel('Password').fill('tps-reports-2026');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#email-error')).toHaveText('This is not an e-mail address.');
  await expect(page.getByLabel('Name')).toHaveValue('Peter Gibbons');
  await page.getByLabel('Email').fill('peter@initech.example');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/users\/\d+$/);

  await page.goto('/admin/users/new');
  await hydrated(page);
  await page.getByLabel('Email').fill('milton@initech.example');
  await page.getByLabel('Name').fill('Milton Waddams');
  await page.getByLabel('Role').selectOption('operator');
  await page.getByLabel('Password').fill('red-stapler-2026');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin\/users\/\d+$/);
  await page.getByLabel('Facility').selectOption(facilityId);
  await page.getByLabel('Badge number').fill('4242');
  await page.getByLabel('PIN').fill('1357');
  await page.getByRole('button', { name: 'Add badge' }).click();
  await expect(page.getByText('4242 · Initech Main Plant')).toBeVisible();
  await page.goto('/admin/users');
  await expect(page.getByRole('cell', { name: 'Milton Waddams' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('admin-users') });
  await signOut(page);

  // 3. The supervisor sees Initech's data only.
  await signIn(page, 'peter@initech.example', 'tps-reports-2026');
  await expect(page.getByTestId('current-user')).toContainText('Supervisor · Initech');
  await page.goto('/admin/catalog/facilities');
  await expect(page.getByRole('cell', { name: 'MAIN', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'PLANT', exact: true })).toHaveCount(0);
  await signOut(page);

  // 4. The operator signs in at the kiosk on a 10-inch tablet.
  const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const kiosk = await tablet.newPage();
  await kiosk.goto(`/kiosk/${facilityId}`);
  await hydrated(kiosk);
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('Initech Main Plant');
  await kiosk.screenshot({ path: screenshotPath('kiosk-tablet') });
  await kiosk.getByLabel('Badge number').fill('4242');
  await kiosk.getByLabel('PIN').fill('0000');
  await kiosk.getByRole('button', { name: 'Start shift' }).tap();
  await expect(kiosk.getByRole('alert')).toHaveText('Badge or PIN is wrong.');
  await kiosk.getByLabel('PIN').fill('1357');
  await kiosk.getByRole('button', { name: 'Start shift' }).tap();
  await expect(kiosk).toHaveURL(/\/production$/);
  await expect(kiosk.getByTestId('current-user')).toContainText('Milton Waddams');
  const switchOperator = kiosk.getByRole('button', { name: 'Switch operator' });
  const box = await switchOperator.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await switchOperator.tap();
  await expect(kiosk).toHaveURL(new RegExp(`/kiosk/${facilityId}$`));
  await tablet.close();

  expect(errors).toEqual([]);
});

test('forms work before the WASM has loaded: sign in with a plain form post', async ({ page }) => {
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto('/login');
  await page.getByLabel('Email').fill('supervisor@acme.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('current-user')).toContainText('Sam Supervisor');
});
