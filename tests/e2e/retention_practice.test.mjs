// The practice's privacy in the real window (issue 5 items 1, 6, 7, 8; issue 12 item 1): an impossible
// coaching term is refused at its field, a new one is saved in Instellingen; an e-mail provider and a
// klachtenregeling are entered in Instellingen → Privacy and show in the privacyverklaring on the
// Bewaren screen, which follows the registered (WGBO) traject rather than the coaching setting and
// says "nog invullen" for the rest; the privacyverklaring is saved as PDF through the dialog seam and
// pdftotext finds them in it; a datalek is recorded and listed; a 14-year-old's session without consent shows the
// warning above the sessions, with a way to the consents, and the overview counts it.
// Screenshots: privacydocumenten.png, datalekregister.png, privacy-instellingen.png,
// toestemming-sessies.png.
//
// Runs after app.test.mjs (and retention.test.mjs) in the same vault folder (run.sh): the vault exists
// and is locked, with the passphrase app.test.mjs chose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { $, browser, byTest, dialogDir, settle, shots, type, useWindow } from './window.mjs';

const PASSPHRASE = 'koffie bij het raam in de ochtend';

useWindow();

async function textOf(selector) {
  const el = await $(selector);
  await el.waitForDisplayed({ timeout: 15_000 });
  return el.getText();
}

/** A screenshot with `selector` scrolled to the top of the screen. */
async function shotOf(selector, name) {
  const el = await $(selector);
  await browser.execute((e) => e.scrollIntoView({ block: 'start' }), el);
  await settle();
  await browser.saveScreenshot(join(shots, `${name}.png`));
}

const squash = (text) => text.split(/\s+/).join(' ');

test('coaching term, privacyverklaring on screen and as PDF, a datalek, a minor without consent', { timeout: 90_000 }, async () => {
  await (await $('h2=Kluis openen')).waitForDisplayed({ timeout: 20_000 });
  await type('#passphrase', PASSPHRASE);
  await (await browser.$('//button[normalize-space(.)="Openen"]')).click();
  await (await byTest('nav-settings')).waitForDisplayed({ timeout: 20_000 });

  // Instellingen: a quiet idle lock for this test, then the coaching term.
  await (await byTest('nav-settings')).click();
  await type('#practice-idle', '15');
  await (await byTest('save-settings')).click();
  await (await $('p.notice.ok')).waitForDisplayed({ timeout: 10_000 });
  await type('#retention-coaching', '0');
  await (await byTest('save-retention-settings')).click();
  const refusal = await textOf('[data-testid="retention-coaching-error"]');
  assert.match(refusal, /1 en 20 jaar/, `the refusal is shown at the coaching field: ${refusal}`);
  await type('#retention-coaching', '5');
  await (await byTest('save-retention-settings')).click();
  const saved = await textOf('[data-testid="retention-settings-saved"]');
  assert.match(saved, /Coaching: 5 jaar/, `the saved term is confirmed: ${saved}`);
  await shotOf('[data-testid="retention-settings"]', 'privacy-instellingen');

  // Instellingen → Privacy: what only the therapist knows; the e-mail provider is entered, the rest
  // is left for later (issue 12).
  await type('#privacy-email_provider', 'Proton Mail');
  await type('#privacy-klachtenregeling', 'Klachtenregeling van de VBAG');
  await (await byTest('save-privacy-answers')).click();
  const answered = await textOf('[data-testid="privacy-answers-saved"]');
  assert.match(answered, /nog 5 gegevens in te vullen/, `the save says what is still to enter: ${answered}`);

  // Bewaren → Privacydocumenten: the privacyverklaring carries the new term.
  await (await byTest('nav-bewaren')).click();
  const view = await textOf('[data-testid="document-view"]');
  assert.match(view, /^Privacyverklaring/, `the document starts with its title: ${view.slice(0, 80)}`);
  // This vault has only care (WGBO) trajecten: the statement follows them, not the coaching setting.
  assert.ok(
    squash(view).includes('20 jaar na de laatste inhoudelijke wijziging'),
    `the privacyverklaring on screen shows the WGBO term of the registered traject: ${view}`,
  );
  assert.ok(
    !view.includes('coachingstrajecten'),
    `no coaching clause without a coaching traject: ${view}`,
  );
  assert.ok(squash(view).includes('E-mail met de praktijk loopt via Proton Mail.'), `the entered e-mail provider: ${view}`);
  assert.ok(squash(view).includes('Klachtenregeling van de VBAG'), `the entered klachtenregeling: ${view}`);
  assert.ok(
    squash(view).includes('[plaats van de back-ups nog invullen in Instellingen → Privacy]'),
    `what was not entered says so: ${view}`,
  );
  assert.match(await textOf('[data-testid="doc-missing-privacy"]'), /Waar de back-ups staan/);
  assert.ok(!view.includes('## '), 'Markdown is rendered, not shown as code');
  await shotOf('[data-testid="privacy-documents"]', 'privacydocumenten');

  // Saved as PDF through the dialog seam; the PDF carries the term.
  await (await byTest('doc-save-pdf')).click();
  const note = await textOf('[data-testid="doc-saved"]');
  assert.match(note, /privacyverklaring\.pdf/, `the saved file is named: ${note}`);
  const file = join(dialogDir, 'opgeslagen', 'privacyverklaring.pdf');
  assert.ok(existsSync(file), 'the PDF is where the dialog pointed');
  const pdfText = squash(execFileSync('pdftotext', [file, '-']).toString());
  assert.ok(
    pdfText.includes('20 jaar na de laatste inhoudelijke wijziging') && pdfText.includes('Proton Mail'),
    `the PDF has the practice's term and the entered e-mail provider: ${pdfText.slice(0, 400)}`,
  );

  // The verwerkingsregister has the term too.
  await (await byTest('doc-verwerkingsregister')).click();
  await browser.waitUntil(async () => (await (await byTest('document-view')).getText()).startsWith('Register'), {
    timeout: 10_000,
    timeoutMsg: 'the verwerkingsregister did not show',
  });
  assert.match(await textOf('[data-testid="document-view"]'), /WGBO: 20 jaar na laatste inhoudelijke wijziging/);

  // Datalekregister: the 72-hour rule, then a datalek recorded and listed.
  assert.match(await textOf('[data-testid="breach-72h"]'), /72 uur/);
  await (await byTest('new-breach')).click();
  await type('#breach-description', 'Nota naar een verkeerd e-mailadres gestuurd');
  await type('#breach-people_affected', 'twee');
  await type('#breach-data_kinds', 'naam, adres, behandeldata');
  await type('#breach-measures', 'Ontvanger gevraagd de e-mail te verwijderen');
  await type('#breach-reported_to_ap_why', 'Klein risico: één persoon, mail verwijderd');
  await (await byTest('save-breach')).click();
  const peopleError = await textOf('[data-testid="breach-people_affected-error"]');
  assert.match(peopleError, /heel getal/, `a number that is no number is refused at its field: ${peopleError}`);
  await type('#breach-people_affected', '1');
  await (await byTest('save-breach')).click();
  await textOf('[data-testid="breach-notice"]');
  const row = await textOf('[data-testid="breach-row"]');
  assert.ok(row.includes('Nota naar een verkeerd e-mailadres gestuurd'), `the datalek is listed: ${row}`);
  assert.match(row, /niet gemeld/, `not reported to the AP: ${row}`);
  await shotOf('[data-testid="breach-register"]', 'datalekregister');

  // A 14-year-old with a session and no consent: the warning above the sessions.
  await (await byTest('nav-clients')).click();
  await (await byTest('new-client')).click();
  await type('#client-first_names', 'Tim');
  await type('#client-last_name', 'Bakker');
  await type('#client-birth_date', '2012-05-01');
  await type('#client-postcode', '3511 AB');
  await type('#client-city', 'Utrecht');
  await (await byTest('save-client')).click();
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Tim Bakker');
  const number = /K-\d+/.exec(await textOf('.dossier-head'))?.[0];
  assert.ok(number, 'the dossier shows its client number');
  await (await byTest('tab-care')).click();
  await (await byTest('new-session')).click();
  await (await byTest('save-session')).click();
  await (await byTest('session')).waitForDisplayed({ timeout: 10_000 });
  const warning = await textOf('[data-testid="session-consent-warning"]');
  assert.match(warning, /12 tot 16 jaar/, `the age band on the session date is named: ${warning}`);
  assert.match(warning, /Ontbrak: .+/, `whose consent is missing: ${warning}`);
  await shotOf('[data-testid="session-consent-warnings"]', 'toestemming-sessies');
  await (await byTest('to-consents')).click();
  await browser.waitUntil(async () => (await (await byTest('tab-consents')).getAttribute('aria-selected')) === 'true', {
    timeout: 5_000,
    timeoutMsg: 'the button leads to the consents tab',
  });

  // The overview counts it.
  await (await byTest('nav-overview')).click();
  const count = await textOf('[data-testid="consent-warning-count"]');
  assert.ok(count.includes(number) && /1 sessie/.test(count), `the overview names the client number and the count: ${count}`);
});
