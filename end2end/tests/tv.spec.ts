// The wall TV on a display link: it shows its facility without a session, says
// how old its data is while the server is down, recovers by itself when the
// server is back (never landing on the sign-in page), and reloads itself when
// the server comes back with a new build. It runs its own server, so that it
// can stop and restart it.
import { test, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenshotPath } from './screenshots';

const PORT = Number(process.env.E2E_TV_PORT ?? 3211);
const BASE = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'floorcast-tv-'));

/** Starts the server on the TV test's own database and waits until it answers. */
async function startServer(siteRoot: string): Promise<ChildProcess> {
  const server = spawn('../target/debug/server', ['serve', '--seed-demo-if-empty'], {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${dataDir}/tv.db`,
      FLOORCAST_ADDR: `127.0.0.1:${PORT}`,
      FLOORCAST_SITE_ROOT: siteRoot,
      RUST_LOG: 'warn',
    },
    stdio: 'ignore',
  });
  for (let tries = 0; tries < 480; tries++) {
    try {
      if ((await fetch(`${BASE}/health/live`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the TV test server did not start');
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

/** A display link for the demo's first facility, made by the demo's tenant administrator. */
async function displayLink(page: Page): Promise<string> {
  await page.goto(`${BASE}/login`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Email').fill('admin@acme.example');
  await page.getByLabel('Password').fill('floorcast-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await page.goto(`${BASE}/admin/devices`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  const form = page.getByTestId('new-display-link');
  await form.getByLabel('Name').fill('Hall TV');
  await form.getByLabel('Facility').selectOption({ index: 1 });
  await form.getByRole('button', { name: 'Make display link' }).click();
  return ((await page.getByTestId('new-display-link-path').textContent()) ?? '').trim();
}

test('the TV survives a server restart and reloads itself for a new build', async ({ browser }) => {
  test.setTimeout(240_000);
  let server = await startServer('../target/site');
  try {
    const admin = await browser.newPage();
    const link = await displayLink(admin);
    expect(link).toMatch(/^\/tv\/fcd_[0-9a-f]{64}$/);
    await admin.close();

    const wall = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const tv = await wall.newPage();
    await tv.goto(`${BASE}${link}`);
    await expect(tv.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await expect(tv.getByTestId('tv-facility')).toBeVisible();
    await expect(tv.locator('.tile').first()).toBeVisible();
    // Full screen: the board covers the whole window, navigation included.
    expect(await tv.getByTestId('tv').boundingBox()).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    await tv.screenshot({ path: screenshotPath('tv') });

    // The server goes away: the TV says how old its data is, and keeps it on screen.
    await stopServer(server);
    await expect(tv.getByTestId('tv-stale')).toBeVisible({ timeout: 30_000 });
    await expect(tv.getByTestId('tv-facility')).toBeVisible();
    await tv.screenshot({ path: screenshotPath('tv-stale') });

    // It comes back: the TV recovers by itself, on its link, never on the sign-in page.
    await tv.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    server = await startServer('../target/site');
    await expect(tv.getByTestId('tv-stale')).toBeHidden({ timeout: 90_000 });
    expect(new URL(tv.url()).pathname).toBe(link);
    expect(await tv.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    // It comes back with a new build: the TV reloads itself and shows the floor again.
    await stopServer(server);
    const newBuild = mkdtempSync(join(tmpdir(), 'floorcast-site-'));
    cpSync('../target/site', newBuild, { recursive: true });
    appendFileSync(join(newBuild, 'pkg', 'floorcast-floor.js'), '\n// a new build\n');
    server = await startServer(newBuild);
    await expect
      .poll(async () => tv.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument ?? false), {
        timeout: 90_000,
      })
      .toBe(false);
    await expect(tv.getByTestId('tv-facility')).toBeVisible();
    expect(new URL(tv.url()).pathname).toBe(link);
    await wall.close();
  } finally {
    await stopServer(server);
  }
});
