// The rest of the Privacy tab in the real window (issue 5 items 3–5): langer bewaren is refused while a
// traject runs (at its field); an inzage request is recorded and its term extended (the new deadline
// and the reason shown); a PDF copy for the client is saved with one entry held back (the saved file,
// read with pdftotext: the held-back text is absent, the other entry's text present) and the inzage
// request is then marked answered; the intervision preview is shown without the client's name and
// refused for lack of consent; a copy for a waarnemer is refused without consent.
// Screenshots: privacy-kopie.png, intervisie.png.
//
// Runs after app.test.mjs (and retention.test.mjs) in the same vault folder (run.sh): the vault exists
// and is locked, with the passphrase app.test.mjs chose, and holds Zoë de Vries with one note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { $, browser, byTest, dialogDir, settle, shots, type, useWindow } from './window.mjs';

const PASSPHRASE = 'koffie bij het raam in de ochtend';
const HELD_BACK = 'Haar zus Marloes heeft schulden en woont tijdelijk bij haar.';

useWindow();

async function textOf(selector) {
  const el = await $(selector);
  await el.waitForDisplayed({ timeout: 15_000 });
  return el.getText();
}

/** A screenshot with `selector` scrolled into view (the tab is longer than the window). */
async function shotAt(name, selector) {
  await (await $(selector)).scrollIntoView({ block: 'start' });
  await settle();
  await browser.saveScreenshot(join(shots, `${name}.png`));
}

test('extend a request, a PDF copy with an entry held back, the intervision preview, a refused waarnemer copy', { timeout: 90_000 }, async () => {
  await (await $('h2=Kluis openen')).waitForDisplayed({ timeout: 20_000 });
  await type('#passphrase', PASSPHRASE);
  await (await browser.$('//button[normalize-space(.)="Openen"]')).click();
  await (await byTest('nav-clients')).waitForDisplayed({ timeout: 20_000 });
  await (await byTest('nav-clients')).click();
  await (await byTest('client-filter')).waitForDisplayed();
  await (await browser.$('button=Zoë de Vries')).click();
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Zoë de Vries');

  // A second note, about someone else: the one to hold back.
  await (await byTest('tab-timeline')).click();
  await (await byTest('new-entry')).click();
  await (await $('#entry-kind')).selectByAttribute('value', 'correspondentie');
  await type('#entry-text', HELD_BACK);
  await (await byTest('save-entry')).click();
  await browser.waitUntil(async () => (await browser.$$('[data-testid="entry-text"]')).length === 2, {
    timeout: 10_000,
    timeoutMsg: 'the second note did not appear in the timeline',
  });

  // Langer bewaren while a traject runs: the core refuses at the field, saying why.
  await (await byTest('tab-privacy')).click();
  await (await byTest('keep-longer')).click();
  await type('#keep-years', '5');
  await type('#keep-reason', 'erfelijke aandoening in de familie');
  await (await byTest('keep-save')).click();
  assert.match(await textOf('[data-testid="keep-years-error"]'), /traject/, 'the refusal is shown at the field');

  // An inzage request, then its term extended by two months with a reason.
  await (await $('#request-kind')).selectByAttribute('value', 'inzage');
  await type('#request-identity', 'legitimatie gezien in de praktijk');
  await (await byTest('save-request')).click();
  await textOf('[data-testid="request-notice"]');
  const before = await textOf('[data-testid="request-row"]');
  assert.match(before, /Inzage.*uiterlijk.*open/s, `the request is open with its deadline: ${before}`);
  await (await byTest('request-extend')).click();
  await (await byTest('extend-months')).selectByAttribute('value', '2');
  await type('#extend-reason', 'de stukken van de vorige behandelaar zijn opgevraagd');
  await (await byTest('extend-save')).click();
  const extended = await textOf('[data-testid="request-notice"]');
  assert.match(extended, /verlengd.*uiterlijk \d+ \w+ \d{4}/s, `the new deadline is shown: ${extended}`);
  const after = await textOf('[data-testid="request-row"]');
  const deadlineOf = (row) => /uiterlijk (\d+ \w+ \d{4})/.exec(row)?.[1];
  assert.notEqual(deadlineOf(after), deadlineOf(before), `the row shows a later deadline: ${before} → ${after}`);
  assert.ok(extended.includes(deadlineOf(after)), 'the notice and the row agree on the new deadline');
  assert.match(after, /verlengd: de stukken van de vorige behandelaar/, `the reason is shown: ${after}`);

  // The copy for the client: PDF, the note about the sister held back.
  await (await byTest('copy-open')).click();
  await (await byTest('copy-entry')).waitForDisplayed({ timeout: 10_000 });
  const entries = await browser.$$('[data-testid="copy-entry"]');
  assert.equal(entries.length, 2, 'both notes can go into the copy');
  let ticked = false;
  for (const entry of entries) {
    if ((await entry.getText()).includes('Marloes')) {
      const box = await entry.$('[data-testid="copy-withhold"]');
      await box.scrollIntoView({ block: 'center' });
      await box.click();
      ticked = true;
    }
  }
  assert.ok(ticked, 'the note about the sister is in the list');
  await (await byTest('copy-save')).click();
  const saved = await textOf('[data-testid="copy-notice"]');
  const fileName = /opgeslagen als (\S+\.pdf)/.exec(saved)?.[1];
  assert.ok(fileName, `the notice names the saved file: ${saved}`);
  const offer = await textOf('[data-testid="copy-answers"]');
  assert.match(offer, /Inzage/, `marking the open inzage request answered is offered: ${offer}`);
  await shotAt('privacy-kopie', '[data-testid="client-copy"]');

  const file = join(dialogDir, 'opgeslagen', fileName);
  assert.ok(existsSync(file), `the copy was written where the save dialog pointed: ${file}`);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  assert.ok(!text.includes('Marloes') && !text.includes('schulden'), `the held-back note is not in the PDF:\n${text}`);
  assert.ok(text.includes('vuurtoren'), `the other note is in the PDF:\n${text}`);
  assert.match(text, /weggelaten/, 'the PDF says a note was left out');

  const mark = await byTest('copy-mark-answered');
  await mark.scrollIntoView({ block: 'center' });
  await mark.click();
  await browser.waitUntil(async () => /afgehandeld/.test(await textOf('[data-testid="copy-notice"]')), {
    timeout: 10_000,
    timeoutMsg: 'marking the request answered did not say so',
  });
  await browser.waitUntil(async () => /uitgevoerd/.test(await textOf('[data-testid="request-row"]')), {
    timeout: 10_000,
    timeoutMsg: 'the request row did not turn to uitgevoerd',
  });

  // The intervision preview: anonymised, in full, refused for lack of consent.
  await (await byTest('intervision-open')).click();
  const preview = await (await byTest('intervision-preview')).getValue();
  assert.ok(preview.length > 40, `the preview shows the summary: ${preview}`);
  for (const identifying of ['Zoë', 'Vries', 'Utrecht', '3511']) {
    assert.ok(!preview.includes(identifying), `${identifying} is not in the preview:\n${preview}`);
  }
  assert.match(preview, /\[cliënt\] vertelde over de vuurtoren/, `the name is replaced:\n${preview}`);
  assert.match(await textOf('[data-testid="intervision-removed"]'), /vervangen/);
  assert.match(await textOf('[data-testid="intervision-refusal"]'), /toestemming/i, 'saving is refused without consent');
  assert.equal(await (await byTest('intervision-save')).isEnabled(), false, 'and cannot be pressed');
  await shotAt('intervisie', '[data-testid="intervision"]');

  // A copy for a waarnemer without consent: refused with the core's reason and where to record it.
  await (await byTest('share-purpose')).selectByAttribute('value', 'waarnemer');
  await (await byTest('share-save')).click();
  const refusal = await textOf('[data-testid="share-refusal"]');
  assert.match(refusal, /toestemming/i, `the refusal says why: ${refusal}`);
  assert.match(refusal, /Toestemmingen/, `and where to record consent: ${refusal}`);
  assert.ok(!existsSync(join(dialogDir, 'opgeslagen', fileName.replace('dossierkopie-', 'dossierkopie-waarnemer-'))), 'no waarnemer copy was written');
});

test('a request is rejected only with a reason, and the reason stays with it', { timeout: 30_000 }, async () => {
  // The Privacy tab of Zoë de Vries is still open from the test above.
  await (await byTest('tab-privacy')).click();
  await (await $('#request-kind')).selectByAttribute('value', 'rectificatie');
  await type('#request-identity', 'per brief, handtekening vergeleken');
  await (await byTest('save-request')).click();
  await textOf('[data-testid="request-notice"]');
  await (await byTest('request-reject')).click();
  await (await byTest('reject-save')).click();
  const refusal = await textOf('[data-testid="reject-form"] .field-error');
  assert.match(refusal, /waarom/, `an empty reason is refused at the field: ${refusal}`);
  await type('[id^="reject-reason-"]', 'de aantekening is een professionele inschatting, geen feitelijke onjuistheid');
  await (await byTest('reject-save')).click();
  await browser.waitUntil(async () => /afgewezen/.test(await textOf('[data-testid="request-notice"]')), {
    timeout: 10_000,
    timeoutMsg: 'rejecting the request did not say so',
  });
  const texts = [];
  for (const row of await browser.$$('[data-testid="request-row"]')) texts.push(await row.getText());
  const rejected = texts.find((row) => row.includes('Correctie of aanvulling'));
  assert.match(rejected ?? '', /afgewezen: de aantekening is een professionele inschatting/, `the row keeps the reason: ${texts.join(' | ')}`);
});
