#!/usr/bin/env node
// Headless-browser check for headwind's self-contained HTML report.
//
// Usage: node tools/browser/check_report.mjs REPORT.html SCREENSHOT.png
//
// Opens REPORT.html by its file:// URL in Debian's Chromium (through
// playwright-core, no browser download), waits for `load`, writes a full-page
// screenshot to SCREENSHOT.png, and fails (exit 1) listing every problem when:
//   - the console logs an error (types error/assert) or a warning,
//   - a script throws (`pageerror`) or the page crashes,
//   - the page makes any request other than for its own file:// URL
//     (every `request` event is recorded; data: URLs are allowed, see below),
//   - any request fails (`requestfailed`) or a WebSocket is opened,
//   - the page has no <svg> element or no <table>,
//   - the screenshot is blank: fewer than MIN_NON_BG_FRACTION of its pixels
//     differ from the most common colour, or it has fewer than
//     MIN_DISTINCT_COLOURS distinct colours (decoded here with Node built-ins).
// Exit 0 prints one OK line; exit 2 means a usage error or that the browser
// could not be started / the page could not be opened at all.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const MIN_NON_BG_FRACTION = 0.01; // at least 1% of pixels not the background
const MIN_DISTINCT_COLOURS = 48; // "a few dozen" colours (text AA, chart fills)
const SETTLE_MS = 500; // after `load`, time for late scripts/timers to log
const NAV_TIMEOUT_MS = 30_000;

function usage(msg) {
  if (msg) console.error(`check_report: ${msg}`);
  console.error('usage: node tools/browser/check_report.mjs REPORT.html SCREENSHOT.png');
  process.exit(2);
}

// A problem that stops the check before it can judge the page (exit 2).
class Fatal extends Error {}

// ---------------------------------------------------------------- PNG decode
// Minimal decoder for what Chromium writes: 8-bit, RGB (colour type 2) or
// RGBA (6), not interlaced. Returns { width, height, channels, pixels }.
function decodePng(buf) {
  const SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIG)) throw new Error('not a PNG file');
  let off = 8;
  let ihdr = null;
  const idat = [];
  while (off + 8 <= buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (data.length !== len) throw new Error(`truncated PNG chunk ${type}`);
    off += 12 + len; // length + type + data + CRC
    if (type === 'IHDR') {
      ihdr = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        bitDepth: data[8],
        colourType: data[9],
        interlace: data[12],
      };
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
  }
  if (!ihdr) throw new Error('PNG has no IHDR chunk');
  const { width, height, bitDepth, colourType, interlace } = ihdr;
  if (bitDepth !== 8 || (colourType !== 2 && colourType !== 6) || interlace !== 0) {
    throw new Error(
      `unsupported PNG (bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}); ` +
        'only 8-bit non-interlaced RGB/RGBA is decoded',
    );
  }
  const channels = colourType === 6 ? 4 : 3;
  const stride = width * channels;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  if (raw.length < height * (stride + 1)) throw new Error('PNG image data is too short');
  const pixels = Buffer.alloc(height * stride);
  const bpp = channels; // bytes per pixel at 8 bits/channel
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    const prev = y > 0 ? out - stride : -1;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? pixels[out + x - bpp] : 0;
      const b = prev >= 0 ? pixels[prev + x] : 0;
      const c = prev >= 0 && x >= bpp ? pixels[prev + x - bpp] : 0;
      let v;
      switch (filter) {
        case 0: v = line[x]; break; // None
        case 1: v = line[x] + a; break; // Sub
        case 2: v = line[x] + b; break; // Up
        case 3: v = line[x] + ((a + b) >> 1); break; // Average
        case 4: { // Paeth
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = line[x] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`bad PNG filter type ${filter} on row ${y}`);
      }
      pixels[out + x] = v & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

function colourStats({ width, height, channels, pixels }) {
  const counts = new Map();
  const n = width * height;
  for (let i = 0; i < n; i++) {
    const p = i * channels;
    // RGBA packed into one number; alpha 255 for RGB images.
    const key =
      ((pixels[p] << 24) >>> 0) +
      (pixels[p + 1] << 16) +
      (pixels[p + 2] << 8) +
      (channels === 4 ? pixels[p + 3] : 255);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let bgKey = 0;
  let bgCount = 0;
  for (const [k, c] of counts) if (c > bgCount) { bgKey = k; bgCount = c; }
  const hex = bgKey.toString(16).padStart(8, '0');
  return {
    pixels: n,
    distinct: counts.size,
    nonBgFraction: n ? (n - bgCount) / n : 0,
    background: `#${hex.slice(0, 6)}${hex.slice(6) === 'ff' ? '' : hex.slice(6)}`,
  };
}

// ---------------------------------------------------------------- main
async function main() {
  const [reportArg, shotArg] = process.argv.slice(2);
  if (!reportArg || !shotArg || process.argv.length > 4) usage();
  const reportPath = path.resolve(reportArg);
  if (!fs.existsSync(reportPath) || !fs.statSync(reportPath).isFile()) usage(`no such file: ${reportArg}`);
  if (!fs.existsSync(CHROMIUM)) usage(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  const shotPath = path.resolve(shotArg);
  const pageUrl = pathToFileURL(reportPath).href;

  const problems = [];
  const requests = [];
  const consoleMessages = [];

  // playwright-core's launch() gives Chromium a fresh, empty temporary
  // --user-data-dir of its own and deletes it on close, so no profile leaks
  // in from (or out to) the machine.
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: NAV_TIMEOUT_MS,
    });
  } catch (e) {
    throw new Fatal(`could not launch ${CHROMIUM}: ${e.message}`);
  }

  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      serviceWorkers: 'block',
    });
    // The report must be self-contained. Every request is recorded (below);
    // anything that would leave this file is aborted here so the check never
    // sends traffic anywhere, whatever the page tries.
    await context.route(
      (url) => url.href !== pageUrl && url.protocol !== 'data:',
      (route) => route.abort('blockedbyclient'),
    );
    const page = await context.newPage();

    page.on('request', (req) => {
      const url = req.url();
      requests.push(url);
      // The page's own file:// URL (its navigation) is the one request allowed.
      // data: URLs are content embedded in the page itself (inline images,
      // fonts, CSS url(data:...)), not fetches from anywhere, so they are
      // allowed too; they are still counted in "requests seen".
      if (url === pageUrl || url.startsWith('data:')) return;
      problems.push(`request to something other than the report itself: ${req.method()} ${url}`);
    });
    page.on('requestfailed', (req) => {
      const url = req.url();
      const why = req.failure()?.errorText ?? 'unknown error';
      problems.push(`request failed: ${url.length > 200 ? url.slice(0, 200) + '...' : url} (${why})`);
    });
    page.on('websocket', (ws) => problems.push(`page opened a WebSocket: ${ws.url()}`));
    page.on('console', (msg) => {
      const type = msg.type();
      consoleMessages.push(type);
      if (type === 'error' || type === 'assert' || type === 'warning') {
        const loc = msg.location();
        const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber + 1})` : '';
        problems.push(`console ${type}: ${msg.text()}${where}`);
      }
    });
    page.on('pageerror', (err) => problems.push(`uncaught page error: ${err.message}`));
    page.on('crash', () => problems.push('the page crashed'));

    let response;
    try {
      response = await page.goto(pageUrl, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
    } catch (e) {
      throw new Fatal(`could not open ${pageUrl}: ${e.message}`);
    }
    if (response && !response.ok()) problems.push(`opening the report gave status ${response.status()}`);
    await page.waitForTimeout(SETTLE_MS);

    const counts = await page.evaluate(() => ({
      svg: document.querySelectorAll('svg').length,
      table: document.querySelectorAll('table').length,
    }));
    if (counts.svg === 0) problems.push('the page has no <svg> element (no chart)');
    if (counts.table === 0) problems.push('the page has no <table> element');

    fs.mkdirSync(path.dirname(shotPath), { recursive: true });
    await page.screenshot({ path: shotPath, fullPage: true, type: 'png' });

    let stats;
    try {
      const img = decodePng(fs.readFileSync(shotPath));
      stats = { ...colourStats(img), width: img.width, height: img.height };
    } catch (e) {
      problems.push(`could not decode the screenshot ${shotPath}: ${e.message}`);
    }
    if (stats) {
      const pct = (stats.nonBgFraction * 100).toFixed(2);
      if (stats.nonBgFraction < MIN_NON_BG_FRACTION || stats.distinct < MIN_DISTINCT_COLOURS) {
        problems.push(
          `the screenshot looks blank: ${pct}% of ${stats.width}x${stats.height} pixels differ from the ` +
            `most common colour ${stats.background} (need >= ${MIN_NON_BG_FRACTION * 100}%), ` +
            `${stats.distinct} distinct colours (need >= ${MIN_DISTINCT_COLOURS})`,
        );
      }
    }

    const consoleSummary = consoleMessages.length
      ? `${consoleMessages.length} (${[...new Set(consoleMessages)].join(',')})`
      : '0';
    if (problems.length) {
      console.error(`FAIL: ${reportArg}: ${problems.length} problem(s):`);
      for (const p of problems) console.error(`  - ${p}`);
      console.error(
        `  (requests seen: ${requests.length}; console messages: ${consoleSummary}; svg: ${counts.svg}; ` +
          `table: ${counts.table}; screenshot: ${shotPath})`,
      );
      process.exitCode = 1;
    } else {
      console.log(
        `OK: ${reportArg}: requests seen ${requests.length} (own file only), console messages ${consoleSummary}, ` +
          `svg ${counts.svg}, table ${counts.table}, ` +
          `non-background pixels ${(stats.nonBgFraction * 100).toFixed(2)}% of ${stats.width}x${stats.height}, ` +
          `distinct colours ${stats.distinct}; screenshot ${shotPath}`,
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`check_report: ${e instanceof Fatal ? e.message : e.stack || e}`);
  process.exitCode = 2;
});
