// Where the tests save their screenshots: an ignored folder on every test run, so
// `make test` leaves the working tree clean; `make screenshots` points it at the
// README's committed pictures instead.
import { join } from 'node:path';

const folder = process.env.FLOORCAST_SCREENSHOTS ?? 'test-results/screenshots';

/** The path of the screenshot called `name` (without extension). */
export function screenshotPath(name: string): string {
  return join(folder, `${name}.png`);
}
