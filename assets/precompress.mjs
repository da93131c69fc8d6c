// Writes a brotli (quality 11) and a gzip (level 9) copy beside every text and
// WASM file of the site, which the server then sends as they are: the smallest
// download for a tablet, and no compression work per request.
// Usage: node assets/precompress.mjs <site dir>     (`make site-release` runs it)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(wasm|js|css|svg|html|json)$/;
// Below this a compressed copy saves less than its headers cost (the server's rule too).
const MIN_BYTES = 1024;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name)) yield path;
  }
}

const [site] = process.argv.slice(2);
if (!site) {
  console.error('usage: node assets/precompress.mjs <site dir>');
  process.exit(2);
}
const isFresh = (copy, source) => {
  try { return statSync(copy).mtimeMs >= statSync(source).mtimeMs; } catch { return false; }
};

for (const path of files(site)) {
  if (isFresh(`${path}.br`, path) && isFresh(`${path}.gz`, path)) continue;
  const data = readFileSync(path);
  if (data.length < MIN_BYTES) continue;
  const brotli = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  writeFileSync(`${path}.br`, brotli);
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
  console.log(`${path}: ${data.length} B, ${brotli.length} B brotli`);
}
