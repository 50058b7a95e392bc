// The last window gaps of issue 5 in the real window: a restricted dossier (AVG art. 18) is read-only
// in the window (a calm banner, no "Nieuwe aantekening", no edit of a note) until the restriction is
// lifted in the Privacy tab; and the Bewaren screen looks ahead: "Te vernietigen per" a typed future
// date lists a new dossier as "nog niet" (not destroyable today), and a date that cannot be read is
// refused at the field. Screenshots: beperkt.png, bewaren-vooruit.png.
//
// Runs after app.test.mjs in the same vault folder (run.sh): the vault exists and is locked, with the
// passphrase app.test.mjs chose, and holds Zoë de Vries with a note.
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

const count = async (selector) => (await browser.$$(selector)).length;

test('a restricted dossier is read-only in the window; the due list looks ahead to a typed date', { timeout: 90_000 }, async () => {
  await (await $('h2=Kluis openen')).waitForDisplayed({ timeout: 20_000 });
  await type('#passphrase', PASSPHRASE);
  await (await browser.$('//button[normalize-space(.)="Openen"]')).click();
  await (await byTest('nav-clients')).waitForDisplayed({ timeout: 20_000 });
  await (await byTest('nav-clients')).click();
  await (await byTest('client-filter')).waitForDisplayed();
  await (await browser.$('button=Zoë de Vries')).click();
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Zoë de Vries');
  await (await byTest('new-entry')).waitForDisplayed({ timeout: 10_000 });

  // Restrict: the banner appears at once and the edit actions are gone.
  await (await byTest('tab-privacy')).click();
  await (await browser.$('//button[normalize-space(.)="Dossier beperken"]')).click();
  await browser.waitUntil(async () => /beperkt/.test(await textOf('[data-testid="request-notice"]')), {
    timeout: 10_000,
    timeoutMsg: 'the Privacy tab did not confirm the restriction',
  });
  const banner = await textOf('[data-testid="restricted-banner"]');
  assert.match(banner, /alleen te lezen.*tabblad Privacy/s, `the banner says read-only and where to lift it: ${banner}`);
  await (await byTest('tab-timeline')).click();
  await (await byTest('entry-text')).waitForDisplayed({ timeout: 10_000 });
  assert.equal(await count('[data-testid="new-entry"]'), 0, 'no "Nieuwe aantekening" while restricted');
  assert.equal(await count('[data-testid="edit-entry"]'), 0, 'no "Wijzigen" on a note while restricted');
  assert.ok((await count('[data-testid="entry-history"]')) > 0, 'reading (the history) stays possible');
  await (await byTest('tab-care')).click();
  assert.equal(await count('[data-testid="new-session"]'), 0, 'no new session while restricted');
  await (await byTest('tab-timeline')).click();
  await shot('beperkt');

  // Lift the restriction: the banner goes and the actions come back.
  await (await byTest('tab-privacy')).click();
  await (await browser.$('//button[normalize-space(.)="Beperking opheffen"]')).click();
  await (await byTest('restricted-banner')).waitForDisplayed({ reverse: true, timeout: 10_000 });
  await (await byTest('tab-timeline')).click();
  await (await byTest('new-entry')).waitForDisplayed({ timeout: 10_000 });

  // A new dossier: its term ends years from now.
  await (await byTest('nav-clients')).click();
  await (await byTest('new-client')).click();
  await type('#client-first_names', 'Ilse');
  await type('#client-last_name', 'Vooruit');
  await type('#client-birth_date', '1990-02-02');
  await type('#client-postcode', '3512 CD');
  await (await byTest('save-client')).click();
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Ilse Vooruit');
  const number = /K-\d+/.exec(await textOf('.dossier-head'))?.[0];
  assert.ok(number, 'the dossier shows its client number');

  // Bewaren: today it is not on the list; a date that cannot be read is refused at the field.
  await (await byTest('nav-bewaren')).click();
  await (await byTest('due-heading')).waitForDisplayed({ timeout: 10_000 });
  assert.ok(!(await $('main').getText()).includes(number), 'a new dossier is not due today');
  await type('#due-on', 'eind van het jaar');
  await (await byTest('due-show')).click();
  assert.match(await textOf('[data-testid="due-on-error"]'), /geen geldige datum/, 'the refusal is shown at the field');

  // Looking ahead (Dutch date order): listed, but "nog niet".
  await type('#due-on', '31-12-2099');
  await (await byTest('due-show')).click();
  await (await byTest('due-on-error')).waitForDisplayed({ reverse: true, timeout: 10_000 });
  await browser.waitUntil(async () => (await $('main').getText()).includes(number), {
    timeout: 10_000,
    timeoutMsg: `the dossier ${number} did not appear on the list for 31-12-2099`,
  });
  const row = await browser.$(`//tr[@data-testid="due-row"][.//button[normalize-space(.)="${number}"]]`);
  const line = await row.getText();
  assert.match(line, /\d+ \w+ \d{4}.*nog niet/s, `the line says from when, and that it is not due yet: ${line}`);
  assert.ok(!line.includes('Ilse') && !line.includes('Vooruit'), 'the due list holds no name');
  assert.match(await textOf('[data-testid="due-heading"]'), /31 december 2099/, 'the heading names the chosen date');
  await shot('bewaren-vooruit');

  // From the list to the dossier: destruction today is refused by the core, and the dossier stays.
  await (await row.$(`button=${number}`)).click();
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Ilse Vooruit');
  await (await byTest('tab-privacy')).click();
  await type('#destroy-reason', 'termijn verstreken');
  await type('#destroy-confirm', number);
  await (await byTest('destroy')).click();
  assert.match(await textOf('[data-testid="destroy-error"]'), /nog niet aan de beurt/, 'a dossier due only later cannot be destroyed today');
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Ilse Vooruit', 'the dossier is still there');
});
