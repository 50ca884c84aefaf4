// The web edition in a real browser: Debian's headless Chromium, driven by playwright-core.
// Opens every build/**/*.html under the folder given, runs axe-core's WCAG 2.1 A and AA rules,
// and checks that no dialog opens, that no script is in the page, and that at 320 and 375 CSS
// pixels (a phone; 1280 px at 400 % zoom) the page needs no sideways scrolling (wide tables
// scroll inside their own wrapper). Prints "N passed, M failed"; exits 1 on a failure.
//
//   node tests/browser/webb.mjs path/to/build [folder for screenshots]

import { chromium } from 'playwright-core';
import { readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const build = process.argv[2];
const shots = process.argv[3];
if (!build) {
  console.log('usage: node tests/browser/webb.mjs BUILD [SCREENSHOTS]');
  process.exit(2);
}

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pages(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok: ${name}`); } else { failed++; console.log(`FAILED: ${name} ${detail}`); }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const files = pages(build).sort();
  check('there are pages to test', files.length > 0, build);
  for (const file of files) {
    const name = relative(build, file);
    // bypassCSP: the page's own policy would keep axe out; it would keep a script out too, so
    // without it this also checks that the page holds nothing that runs.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const dialogs = [];
    const requests = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
    await page.goto(pathToFileURL(file).href);
    await page.waitForTimeout(200);
    check(`no dialog opens: ${name}`, dialogs.length === 0, JSON.stringify(dialogs));
    check(`no script in the page: ${name}`, (await page.evaluate(() => document.scripts.length)) === 0);
    check(`nothing fetched from outside: ${name}`, requests.length === 0, JSON.stringify(requests));
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, name.replace(/[\\/]/g, '_') + '-1280.png'), fullPage: true });
    }
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }));
    const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\n').join(' ')).join('\n    ')}`);
    check(`axe WCAG 2.1 A/AA: ${name}`, violations.length === 0, '\n  ' + violations.join('\n  '));
    for (const width of [375, 320]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      check(`no sideways scrolling at ${width} px: ${name}`, overflow <= 0, `(${overflow} px too wide)`);
      if (shots && width === 375) {
        await page.screenshot({ path: join(shots, name.replace(/[\\/]/g, '_') + '-375.png'), fullPage: true });
      }
    }
    await context.close();
  }
} catch (e) {
  check('the browser test ran to the end', false, String(e && e.stack || e));
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
