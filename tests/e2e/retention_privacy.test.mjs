// Issue 12 in the real window: part of a dossier destroyed from the Privacy tab. A new client gets two
// notes; on the Privacy tab one is chosen under "Deel van het dossier vernietigen", a wrong client
// number is refused, the right one destroys it; the timeline keeps the other note, search no longer
// finds the destroyed one, and the Bewaren screen's register shows a line "deel van dossier".
// Screenshot: deel-vernietigen.png.
//
// Runs after app.test.mjs in the same vault folder (run.sh): the vault exists and is locked, with the
// passphrase app.test.mjs chose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { $, browser, byTest, shot, type, useWindow } from './window.mjs';

const PASSPHRASE = 'koffie bij het raam in de ochtend';

useWindow();

async function textOf(selector) {
  const el = await $(selector);
  await el.waitForDisplayed({ timeout: 15_000 });
  return el.getText();
}

async function addNote(text, count) {
  await (await byTest('new-entry')).click();
  await type('#entry-text', text);
  await (await byTest('save-entry')).click();
  await browser.waitUntil(async () => (await browser.$$('[data-testid="entry-text"]')).length === count, {
    timeout: 10_000,
    timeoutMsg: `note ${count} did not appear in the timeline`,
  });
}

test('part of a dossier is destroyed from the Privacy tab and leaves a register line', { timeout: 90_000 }, async () => {
  await (await $('h2=Kluis openen')).waitForDisplayed({ timeout: 20_000 });
  await type('#passphrase', PASSPHRASE);
  await (await browser.$('//button[normalize-space(.)="Openen"]')).click();
  await (await byTest('nav-clients')).waitForDisplayed({ timeout: 20_000 });

  await (await byTest('nav-clients')).click();
  await (await byTest('new-client')).click();
  await type('#client-first_names', 'Ruud');
  await type('#client-last_name', 'Deelman');
  await type('#client-birth_date', '1979-03-03');
  await type('#client-postcode', '3512 EF');
  await (await byTest('save-client')).click();
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Ruud Deelman');
  const number = /K-\d+/.exec(await textOf('.dossier-head'))?.[0];
  assert.ok(number, 'the dossier shows its client number');
  await (await byTest('tab-timeline')).click();
  await addNote('Gesprek over de moestuin blijftwoord.', 1);
  await addNote('Gesprek over een pijnlijke kwestie weggooiwoord.', 2);

  await (await byTest('tab-privacy')).click();
  await (await byTest('destroy-part')).waitForDisplayed({ timeout: 10_000 });
  const options = await browser.$$('[data-testid="part-entry"]');
  assert.equal(options.length, 2, 'both notes can be chosen');
  for (const o of options) {
    if ((await o.getText()).includes('weggooiwoord')) await (await o.$('input')).click();
  }
  await type('#part-reason', 'verzoek van de cliënt om een deel');
  await type('#part-confirm', 'K-999999');
  await (await byTest('destroy-part-button')).click();
  await (await $('#part-confirm[aria-invalid="true"]')).waitForDisplayed({ timeout: 5_000 });
  await type('#part-confirm', number);
  await shot('deel-vernietigen');
  await (await byTest('destroy-part-button')).click();
  const done = await textOf('[data-testid="destroy-part-done"]');
  assert.match(done, /1 aantekening en 0 documenten/, `the window says what went: ${done}`);
  assert.equal((await browser.$$('[data-testid="part-entry"]')).length, 1, 'only the other note is left to choose');

  await (await byTest('tab-timeline')).click();
  await browser.waitUntil(async () => (await browser.$$('[data-testid="entry-text"]')).length === 1, {
    timeout: 10_000,
    timeoutMsg: 'the timeline still shows the destroyed note',
  });
  assert.match(await textOf('[data-testid="entry-text"]'), /blijftwoord/);

  await browser.keys(['Control', 'k']);
  await type('[data-testid="search-input"]', 'weggooiwoord');
  await browser.pause(800);
  assert.equal((await browser.$$('[data-testid="search-hit"]')).length, 0, 'search no longer finds it');
  await browser.keys(['Escape']);

  await (await byTest('nav-bewaren')).click();
  const register = await textOf('[data-testid="register"]');
  const line = register.split('\n').find((l) => l.includes(number) && l.includes('deel van dossier'));
  assert.ok(line, `the register has a "deel van dossier" line for ${number}: ${register}`);
  assert.ok(!register.includes('weggooiwoord'), 'no content in the register');
});
