// What a first visit costs on shop-floor Wi-Fi: every page is loaded in a fresh
// browser context (an empty cache), and the bytes that crossed the wire for it —
// HTML, CSS, scripts, WASM, ECharts where the page draws, server-function answers,
// headers included — are summed from Chromium's own network events. Budgets: the
// kiosk pages 400 KB in all (no charts, so no ECharts), any other page 1.0 MB.
// The table is printed and saved as test-results/bundle-budget.md for the README.
import { test, expect, type Browser, type BrowserContext } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';

const PASSWORD = 'floorcast-demo';
const KB = 1000;
const FLOOR_BUDGET = 400 * KB;
const PAGE_BUDGET = 1000 * KB;

type Visit = { path: string; signedIn: boolean; drawsCharts?: boolean };

/** The operator's tablet page of the demo kiosk's first work center. */
const STATION = '/kiosk/1/station/{first work center}';

const VISITS: Visit[] = [
  { path: '/kiosk/1', signedIn: false },
  { path: STATION, signedIn: true },
  { path: '/login', signedIn: false },
  { path: '/', signedIn: false, drawsCharts: true },
  { path: '/', signedIn: true, drawsCharts: true },
  { path: '/forecasting', signedIn: true },
  { path: '/production', signedIn: true, drawsCharts: true },
  { path: '/warehouse', signedIn: true },
  { path: '/admin/users', signedIn: true },
  { path: '/admin/catalog/materials', signedIn: true },
  { path: '/admin/audit', signedIn: true },
];

type Measured = Visit & { bytes: number; requests: number; largest: string; files: string[] };

/** The cookies of a signed-in admin, to start each signed-in visit's fresh context with. */
async function signedInState(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Email').fill('admin@acme.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  const state = await context.storageState();
  await context.close();
  return state;
}

/** Loads `visit.path` in `context` and sums the encoded bytes of every response. */
async function measure(context: BrowserContext, visit: Visit): Promise<Measured> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map<string, string>();
  const sizes = new Map<string, number>();
  cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
  cdp.on('Network.loadingFinished', (event) => sizes.set(event.requestId, event.encodedDataLength));
  await page.goto(visit.path);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  if (visit.drawsCharts) await expect(page.locator('.chart canvas').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.close();
  let largest = ['', 0] as [string, number];
  for (const [id, size] of sizes) {
    if (size > largest[1]) largest = [new URL(urls.get(id) ?? '').pathname, size];
  }
  const bytes = [...sizes.values()].reduce((sum, size) => sum + size, 0);
  const files = [...sizes.keys()].map((id) => new URL(urls.get(id) ?? '').pathname);
  return { ...visit, bytes, requests: sizes.size, largest: `${largest[0]} ${Math.round(largest[1] / KB)} KB`, files };
}

function budgetOf(visit: Visit): number {
  return visit.path.startsWith('/kiosk/') ? FLOOR_BUDGET : PAGE_BUDGET;
}

function table(rows: Measured[]): string {
  const lines = ['| page | signed in | transferred | budget | requests | largest file |', '|---|---|---:|---:|---:|---|'];
  for (const row of rows) {
    lines.push(`| \`${row.path}\` | ${row.signedIn ? 'yes' : 'no'} | ${Math.round(row.bytes / KB)} KB | ` +
      `${budgetOf(row) / KB} KB | ${row.requests} | ${row.largest} |`);
  }
  return lines.join('\n');
}

test('every page loads within its byte budget on a first visit', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const signedIn = await signedInState(browser);
  const kioskInfo = await request.post('/api/kiosk_facility', { form: { facility: '1' } });
  const firstWorkCenter = String((await kioskInfo.json()).work_centers[0].id);
  const rows: Measured[] = [];
  for (const listed of VISITS) {
    const visit = { ...listed, path: listed.path.replace('{first work center}', firstWorkCenter) };
    const context = await browser.newContext(visit.signedIn ? { storageState: signedIn } : {});
    rows.push(await measure(context, visit));
    await context.close();
  }
  const report = table(rows);
  console.log(report);
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/bundle-budget.md', `${report}\n`);
  for (const row of rows) {
    expect(row.bytes, `${row.path} (signed in: ${row.signedIn})`).toBeLessThanOrEqual(budgetOf(row));
  }
  // The kiosk pages get the floor bundle and no ECharts; a chart page gets ECharts.
  for (const floor of rows.filter((row) => row.path.startsWith('/kiosk/'))) {
    expect(floor.files, floor.path).toContain('/pkg/floorcast-floor_bg.wasm');
    expect(floor.files, floor.path).not.toContain('/echarts.min.js');
  }
  expect(rows.find((row) => row.drawsCharts)?.files).toContain('/echarts.min.js');
});
