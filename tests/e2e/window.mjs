// What every real-window test file needs: one WebDriver session on the app (tauri-driver on
// 127.0.0.1:4444, DOSSIERKLUIS_APP_BIN), opened before the file's tests and closed after, and the small
// steps a person takes: find, type, wait for the page to settle, take a screenshot.
// `browser` is a live binding: it holds the session once `before` has run.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const shots = resolve(repo, 'docs/screenshots');
export const application = process.env.DOSSIERKLUIS_APP_BIN;
export const dialogDir = process.env.DOSSIERKLUIS_TEST_DIALOG_DIR;

export let browser;

/** Registers the session's start and end around the calling file's tests. */
export function useWindow({ needsDialogDir = true } = {}) {
  before(async () => {
    assert.ok(application, 'DOSSIERKLUIS_APP_BIN must be the absolute path of the built app');
    if (needsDialogDir) assert.ok(dialogDir, 'DOSSIERKLUIS_TEST_DIALOG_DIR must be set (run.sh does)');
    mkdirSync(shots, { recursive: true });
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
}

export const $ = (selector) => browser.$(selector);
export const byTest = (id) => browser.$(`[data-testid="${id}"]`);

export async function settle() {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

export async function shot(name) {
  await browser.execute(() => document.querySelector('main')?.scrollTo(0, 0));
  await settle();
  await browser.saveScreenshot(join(shots, `${name}.png`));
}

export async function type(selector, text) {
  const el = await $(selector);
  await el.waitForDisplayed({ timeout: 10_000 });
  await el.clearValue();
  await el.setValue(text);
}
