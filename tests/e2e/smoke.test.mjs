// Smoke test of the real window: the app starts, the page renders, IPC answers, and the CSP,
// the isolation pattern and the navigation guard are in force.
// Needs tauri-driver on 127.0.0.1:4444 and DOSSIERKLUIS_APP_BIN; run.sh (make test-e2e) provides both.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const screenshot = resolve(repo, 'docs/screenshots/start.png');
const application = process.env.DOSSIERKLUIS_APP_BIN;
const appVersion = /^version\s*=\s*"([^"]+)"/m.exec(
  readFileSync(resolve(repo, 'src-tauri/Cargo.toml'), 'utf8'),
)[1];

let browser;

before(async () => {
  assert.ok(application, 'DOSSIERKLUIS_APP_BIN must be the absolute path of the built app');
  browser = await remote({
    hostname: '127.0.0.1',
    port: 4444,
    logLevel: 'warn',
    capabilities: {
      'tauri:options': { application },
      // WebKitWebDriver speaks classic WebDriver only: skip WebdriverIO 9's attempt at BiDi.
      'wdio:enforceWebDriverClassic': true,
    },
  });
});

after(async () => {
  await browser?.deleteSession();
});

test('the start screen shows the name, the first-run or unlock form and the version from Rust', { timeout: 60_000 }, async () => {
  const started = Date.now();
  const heading = browser.$('h1');
  await heading.waitForDisplayed({ timeout: 15_000 });
  assert.equal(await heading.getText(), 'Dossierkluis');
  assert.equal(await browser.$('.tagline').getText(), 'Uw praktijkdossiers, versleuteld op deze computer.');
  const h2 = browser.$('h2');
  await h2.waitForDisplayed({ timeout: 15_000, timeoutMsg: 'vault_status did not answer' });
  // First run on a fresh folder, the unlock screen once app.test.mjs has made the vault.
  assert.ok(['Welkom bij Dossierkluis', 'Kluis openen'].includes(await h2.getText()), 'vault_status answered and a start screen shows');
  assert.equal(await browser.$('#passphrase').isFocused(), true, 'the passphrase field has the focus, ready to type');
  console.log(`first screen ready ${Date.now() - started} ms after the session started`);

  const version = browser.$('[data-testid="version"]');
  await version.waitForDisplayed({
    timeout: 15_000,
    timeoutMsg: 'no version in the footer: the app_info IPC call did not answer',
  });
  assert.equal(
    await version.getText(),
    `versie ${appVersion}`,
    'the footer shows what app_info returned, so IPC and the capability granting it work',
  );

  // Two frames, or the screenshot can still show the page before the last render.
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  mkdirSync(dirname(screenshot), { recursive: true });
  await browser.saveScreenshot(screenshot);
});

test('the running page has the protections the config promises', { timeout: 30_000 }, async () => {
  const page = await browser.execute(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.appendChild(script);
    let evalRuns;
    try {
      evalRuns = window.eval('1 + 1') === 2;
    } catch {
      evalRuns = false;
    }
    return {
      inlineScriptRuns: window.__injected === true,
      evalRuns,
      globalTauri: typeof window.__TAURI__,
      isolationFrames: [...document.querySelectorAll('iframe')]
        .filter((f) => /^isolation-[0-9a-f-]+:/.test(f.src))
        .map((f) => f.getAttribute('sandbox')),
    };
  });
  assert.equal(page.inlineScriptRuns, false, 'the CSP blocks injected inline script');
  assert.equal(page.evalRuns, false, "the CSP has no 'unsafe-eval'");
  assert.equal(page.globalTauri, 'undefined', 'withGlobalTauri is off');
  assert.deepEqual(page.isolationFrames, ['allow-scripts'], 'IPC passes through the sandboxed isolation iframe');
});

test('the window stays on its own page when the page tries to leave', { timeout: 30_000 }, async () => {
  const before = await browser.getUrl();
  await browser.execute(() => {
    window.location.href = 'https://example.org/';
  });
  await browser.pause(1_000);
  assert.equal(await browser.getUrl(), before, 'the navigation guard refuses other sites');
  assert.equal(await browser.$('h1').getText(), 'Dossierkluis');
});
