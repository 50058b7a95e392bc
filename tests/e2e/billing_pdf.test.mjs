// The practice logo, "Maak nota…" from the dossier with chosen sessions, and printing, in the real
// window: a logo is chosen in Instellingen (the open dialog's seam answers with
// DOSSIERKLUIS_TEST_DIALOG_DIR/logo/), a client with two held sessions gets a nota for one of them
// (the other unchecked: the concept has exactly one line), and "Afdrukken…" sends it to the fake
// printer (tests/e2e/fake-cups, set by run.sh), which received a PDF on stdin. Screenshots:
// docs/screenshots/logo-instellingen.png, maak-nota.png.
//
// Runs after app.test.mjs in the same vault folder (run.sh): the vault exists and is locked, with the
// passphrase that test chose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { $, browser, byTest, dialogDir, repo, settle, shot, shots, type, useWindow } from './window.mjs';

const PASSPHRASE = 'koffie bij het raam in de ochtend';

useWindow();

async function click(id) {
  const el = await byTest(id);
  await el.waitForClickable({ timeout: 10_000 });
  await el.click();
}

async function textOf(selector) {
  const el = await $(selector);
  await el.waitForDisplayed({ timeout: 15_000 });
  return el.getText();
}

test('logo, a nota from the dossier with one of two sessions, printed through lp; care and coaching as two nota\'s', { timeout: 90_000 }, async () => {
  await (await $('h2=Kluis openen')).waitForDisplayed({ timeout: 20_000 });
  await type('#passphrase', PASSPHRASE);
  await (await browser.$('//button[normalize-space(.)="Openen"]')).click();
  await (await byTest('nav-settings')).waitForDisplayed({ timeout: 20_000 });

  // Instellingen: the logo, from the (seamed) open dialog; its preview shows.
  await click('nav-settings');
  mkdirSync(join(dialogDir, 'logo'), { recursive: true });
  copyFileSync(join(repo, 'src-tauri/icons/icon.png'), join(dialogDir, 'logo/praktijklogo.png'));
  await click('logo-choose');
  await (await byTest('logo-preview')).waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf('[data-testid="logo-notice"]'), /logo is opgeslagen/);
  assert.match(await textOf('[data-testid="logo-settings"]'), /256 × 256 pixels/);
  await (await byTest('logo-settings')).scrollIntoView();
  await settle();
  await browser.saveScreenshot(join(shots, 'logo-instellingen.png'));

  // A client with a traject and two held sessions.
  await click('nav-clients');
  await click('new-client');
  for (const [key, value] of Object.entries({
    first_names: 'Lotte',
    last_name: 'Smit',
    birth_date: '1990-02-11',
    postcode: '3511 AB',
    city: 'Utrecht',
  })) {
    await type(`#client-${key}`, value);
  }
  await click('save-client');
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Lotte Smit');
  await click('tab-care');
  await click('new-traject');
  await type('#traject-hulpvraag', 'Stress op het werk');
  await type('#traject-fee', '95,00');
  await click('save-traject');
  await (await byTest('traject')).waitForDisplayed({ timeout: 10_000 });
  for (const [date, time] of [
    ['2026-11-23', '09:00'],
    ['2026-11-30', '10:00'],
  ]) {
    await click('new-session');
    await type('#session-date', date);
    await type('#session-time', time);
    await click('save-session');
    await browser.waitUntil(async () => {
      for (const el of await browser.$$('[data-testid="session"]')) if ((await el.getText()).includes(time)) return true;
      return false;
    }, {
      timeout: 10_000,
      timeoutMsg: `the session at ${time} is not listed`,
    });
  }

  // "Maak nota…": both sessions checked, total € 190,00; uncheck one, total € 95,00.
  await click('make-invoice-open');
  await (await byTest('make-invoice-dialog')).waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await browser.$$('[data-testid="make-invoice-session"]')).length === 2, {
    timeout: 10_000,
    timeoutMsg: 'the two held sessions are not offered',
  });
  assert.equal(await textOf('[data-testid="make-invoice-total"]'), '€ 190,00');
  const boxes = await browser.$$('[data-testid="make-invoice-session"]');
  await boxes[1].click();
  await browser.waitUntil(async () => (await textOf('[data-testid="make-invoice-total"]')) === '€ 95,00', {
    timeout: 5_000,
    timeoutMsg: 'the total does not follow the unchecked session',
  });
  await shot('maak-nota');
  await click('make-invoice-go');

  // The concept opens, with exactly one line.
  await browser.waitUntil(async () => (await textOf('[data-testid="invoice-status"]')) === 'Concept', {
    timeout: 10_000,
    timeoutMsg: 'the concept did not open',
  });
  const lines = await browser.$$('[data-testid="invoice-lines"] tbody tr');
  assert.equal(lines.length, 1, 'the unchecked session is not on the nota');
  assert.match(await textOf('[data-testid="invoice-total"]'), /€ 95,00/);

  // Afdrukken… on the default printer, two copies: the fake lp got a PDF on stdin.
  await click('invoice-print');
  await (await byTest('print-dialog')).waitForDisplayed({ timeout: 10_000 });
  assert.equal(await (await byTest('print-printer')).getValue(), 'Praktijkprinter', 'the default printer is chosen');
  await type('#print-copies', '2');
  await click('print-go');
  assert.match(await textOf('[data-testid="invoice-notice"]'), /naar Praktijkprinter gestuurd \(2 exemplaren\)/);
  const printed = join(dialogDir, 'printer');
  assert.ok(existsSync(printed), 'the fake lp ran');
  const job = readdirSync(printed).filter((f) => f.endsWith('.pdf')).sort().at(-1);
  const bytes = readFileSync(join(printed, job));
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'lp received the PDF bytes on stdin');
  const args = readFileSync(join(printed, job.replace('.pdf', '.args')), 'utf8').split('\n');
  assert.deepEqual(args.slice(0, 4), ['-d', 'Praktijkprinter', '-n', '2']);
  assert.ok(!args.some((a) => a.includes('Smit')), 'the job title does not carry the client name');
  assert.ok(/\/Subtype\s*\/Image/.test(bytes.toString('latin1')), 'the printed nota carries the logo as an image');

  // A coaching session next to the care session still open: "Maak nota…" shows the core's totals
  // incl. 21 % btw, says care and coaching become two nota's, and makes both.
  await click('nav-clients');
  await (await browser.$('button=Lotte Smit')).click();
  await click('tab-care');
  await click('new-traject');
  await (await $('#traject-regime')).selectByAttribute('value', 'coaching');
  await type('#traject-hulpvraag', 'Loopbaan');
  await click('save-traject');
  await browser.waitUntil(async () => (await browser.$$('[data-testid="traject"]')).length === 2, {
    timeout: 10_000,
    timeoutMsg: 'the coaching traject is not listed',
  });
  await click('new-session');
  await type('#session-date', '2026-11-30');
  await type('#session-time', '15:00');
  await type('#session-kind', 'coaching');
  await type('#session-fee', '100,00');
  const optionTexts = [];
  for (const option of await browser.$$('#session-traject option')) optionTexts.push(await option.getText());
  const coachingIndex = optionTexts.findIndex((text) => text.startsWith('Coaching'));
  assert.ok(coachingIndex > 0, `the coaching traject can be chosen: ${optionTexts}`);
  await (await $('#session-traject')).selectByIndex(coachingIndex);
  await click('save-session');
  await browser.waitUntil(async () => (await browser.$$('[data-testid="session"]')).length === 3, {
    timeout: 10_000,
    timeoutMsg: 'the coaching session is not listed',
  });
  await click('make-invoice-open');
  await (await byTest('make-invoice-dialog')).waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await browser.$$('[data-testid="make-invoice-session"]')).length === 2, {
    timeout: 10_000,
    timeoutMsg: 'the open care session and the coaching session are not offered',
  });
  assert.equal(await textOf('[data-testid="make-invoice-total"]'), '€ 216,00', '€ 95,00 care + € 100,00 coaching + € 21,00 btw');
  assert.match(await textOf('[data-testid="make-invoice-separate"]'), /aparte nota's/, 'the dialog says two nota\'s are made');
  const notas = await browser.$$('[data-testid="make-invoice-nota"]');
  assert.equal(notas.length, 2);
  assert.match(await notas[1].getText(), /Factuur.*€ 121,00.*btw € 21,00/s, 'the coaching factuur with its VAT');
  assert.equal(await textOf('[data-testid="make-invoice-go"]'), 'Maak concepten');
  await click('make-invoice-go');
  await browser.waitUntil(
    async () => {
      const list = await browser.$('[data-testid="invoice-list"]');
      return (await list.isDisplayed()) && /€ 121,00/.test(await list.getText());
    },
    { timeout: 10_000, timeoutMsg: 'the two concepts are not listed under Facturen' },
  );
  const rows = [];
  for (const row of await browser.$$('[data-testid^="invoice-row-"]')) rows.push(await row.getText());
  assert.equal(rows.filter((r) => /Factuur/.test(r) && /€ 121,00/.test(r)).length, 1, `the coaching concept charges what the dialog said: ${rows}`);
  assert.equal(rows.filter((r) => /Zorgnota/.test(r) && /€ 95,00/.test(r)).length, 2, `the care concept is made too, next to the first: ${rows}`);
});
