// The live preview in a real browser: Debian's headless Chromium, driven by playwright-core.
// Starts `arshjul watch --serve 0` on a copy of tests/fixtures/minimal, then checks that the page
// shows the document's pages, reloads after an edit (fetching only the page that changed), and
// shows the error of a broken save over the last good pages, links each document's PDF and web
// edition; a removed document leaves the list. Prints "N passed, M failed"; exits 1 on a failure.
//
//   node tests/browser/preview.mjs [path/to/arshjul]

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const binary = process.argv[2] || join(repo, 'target', 'debug', 'arshjul');
const project = mkdtempSync(join(tmpdir(), 'arshjul-preview-'));
cpSync(join(repo, 'tests', 'fixtures', 'minimal'), project, { recursive: true });
const index = join(project, 'content', 'plan', 'index.md');
const original = readFileSync(index, 'utf8');
// A second document, removed while the preview is open.
mkdirSync(join(project, 'content', 'annan'));
writeFileSync(join(project, 'content', 'annan', 'index.md'),
  '---\ntyp: rapport\ntitel: Annan\ndatum: 2021-01-01\n---\nAnnan text.\n');

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok: ${name}`); } else { failed++; console.log(`FAILED: ${name} ${detail}`); }
}

const watch = spawn(binary, ['watch', '--serve', '0'], { cwd: project });
let output = '';
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('watch did not start:\n' + output)), 30000);
  const onData = (chunk) => {
    output += chunk;
    const m = output.match(/förhandsvisning: (http:\/\/127\.0\.0\.1:\d+\/)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  };
  watch.stdout.on('data', onData);
  watch.stderr.on('data', (chunk) => { output += chunk; });
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/svg/')) fetched.push(new URL(r.url()).pathname); });
  await page.goto(url + '?doc=plan');
  await page.waitForFunction(() => document.querySelectorAll('#sidor img').length > 0, null, { timeout: 20000 });
  const pages = await page.$$eval('#sidor img', (imgs) => imgs.length);
  check('the page shows the document\'s pages', pages === 3, `(${pages} pages)`);
  await page.waitForFunction(() => [...document.querySelectorAll('#sidor img')].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 20000 });
  check('the pages are images that loaded', true);
  check('the document is listed', (await page.textContent('nav')).includes('plan'));
  const files = await page.$$eval('nav a.fil', (links) => links.map((a) => a.getAttribute('href')));
  const pdf = await page.request.get(url + 'pdf?doc=plan');
  const webb = await page.request.get(url + 'webb?doc=plan');
  check('the document\'s PDF and web edition are linked and served',
    files.includes('/pdf?doc=plan') && files.includes('/webb?doc=plan')
      && pdf.ok() && (await pdf.body()).subarray(0, 4).toString() === '%PDF'
      && webb.ok() && (await webb.text()).includes('<html'),
    `(${files.join(', ')}; ${pdf.status()}, ${webb.status()})`);

  const version = Number(await page.getAttribute('body', 'data-version'));
  fetched.length = 0;
  writeFileSync(index, original.replace('Ett stycke.', 'Ett ändrat stycke med fler ord.'));
  await page.waitForFunction((v) => Number(document.body.dataset.version) > v, version, { timeout: 20000 });
  check('the page reloads after an edit', true);
  await page.waitForFunction(() => [...document.querySelectorAll('#sidor img')].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 20000 });
  await page.waitForTimeout(500);
  check('only the page that changed is fetched again', fetched.length === 1, `(${fetched.join(', ')})`);
  // On a loaded machine an editor's save can be seen half-written for a moment: the state that
  // counts is the one the page settles in.
  await page.waitForFunction(() => document.getElementById('fel').style.display === 'none', null, { timeout: 20000 })
    .then(() => check('no error is shown after a good save', true))
    .catch(() => check('no error is shown after a good save', false));

  writeFileSync(index, original.replace('Ett stycke.', 'Ett {{ trasigt stycke.'));
  await page.waitForFunction(() => document.getElementById('fel').textContent.includes('index.md:8:'), null, { timeout: 20000 })
    .catch(() => {});
  const error = await page.textContent('#fel');
  check('a broken save shows its error with file:line', error.includes('content/plan/index.md:8:'), error);
  const kept = await page.$$eval('#sidor img', (imgs) => imgs.length);
  check('the last good pages stay under the error', kept === 3, `(${kept})`);

  writeFileSync(index, original);
  await page.waitForFunction(() => document.getElementById('fel').style.display === 'none', null, { timeout: 20000 });
  check('the next good save clears the error', true);

  rmSync(join(project, 'content', 'annan'), { recursive: true, force: true });
  await page.waitForTimeout(1000);
  await page.goto(url + '?doc=plan');
  const listed = await page.textContent('nav');
  check('a removed document leaves the list', listed.includes('plan') && !listed.includes('annan'), listed);
} catch (e) {
  check('the browser test ran to the end', false, String(e) + '\n' + output);
} finally {
  await browser.close();
  watch.kill('SIGINT');
  rmSync(project, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
