// The whole path in the real window, as a therapist walks it: create a vault, note the recovery code,
// add a client, a traject, a session and a sessieverslag, find the client by a word from the note,
// lock, be refused with a wrong passphrase, open with the right one, edit the note and see its
// history; a bad postcode is refused at its field; Ctrl+K searches; a backup is made. Screenshots of
// each main screen go to docs/screenshots/.
//
// Needs tauri-driver on 127.0.0.1:4444, DOSSIERKLUIS_APP_BIN, and a fresh DOSSIERKLUIS_VAULT_DIR and
// DOSSIERKLUIS_TEST_DIALOG_DIR in the environment (run.sh sets all of them).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { $, browser, byTest, dialogDir, shot, type, useWindow } from './window.mjs';

const PASSPHRASE = 'koffie bij het raam in de ochtend';

useWindow();

async function clickText(text) {
  const button = await browser.$(`//button[normalize-space(.)=${JSON.stringify(text)}]`);
  await button.waitForClickable({ timeout: 10_000 });
  await button.click();
}

async function textOf(selector) {
  const el = await $(selector);
  await el.waitForDisplayed({ timeout: 15_000 });
  return el.getText();
}

test('the whole path: vault, client, care, note, search, lock, unlock, history, backup', { timeout: 300_000 }, async () => {
  // First run.
  await (await $('h2=Welkom bij Dossierkluis')).waitForDisplayed({ timeout: 20_000 });
  await type('#passphrase', PASSPHRASE);
  await type('#repeat', PASSPHRASE);
  assert.equal(await textOf('[data-testid="strength"]'), 'Sterk.', 'a long sentence of words reads as strong');
  await shot('eerste-start');
  await clickText('Kluis maken');

  const code = await textOf('[data-testid="recovery-code"]');
  assert.match(code, /^[A-Z0-9]{4}([\s-][A-Z0-9]{4}){7}$/, `the recovery code is shown once: ${code}`);
  const groupLine = await textOf('h2#code-heading ~ form p');
  const group = Number(/groep (\d)/.exec(groupLine)[1]);
  await (await byTest('save-sheet')).click();
  assert.match(await textOf('[data-testid="sheet-saved"]'), /herstelblad-dossierkluis\.pdf/);
  assert.ok(
    readFileSync(join(dialogDir, 'opgeslagen', 'herstelblad-dossierkluis.pdf')).subarray(0, 4).toString() === '%PDF',
    'the recovery sheet is a PDF where the person chose to save it',
  );
  await shot('herstelcode');
  await type('#code-check', 'FOUT');
  await clickText('Ik heb de code opgeschreven');
  assert.match(await textOf('[data-testid="code-check-error"]'), /klopt niet/, 'a wrong group is caught');
  await type('#code-check', code.split(/[\s-]+/)[group - 1]);
  await clickText('Ik heb de code opgeschreven');

  // The overview.
  await (await $('h1*=Goedendag')).waitForDisplayed({ timeout: 15_000 });

  // A bad postcode shows its message at the field and saves nothing.
  await (await byTest('nav-clients')).click();
  await (await byTest('new-client')).click();
  await type('#client-first_names', 'Zoë');
  await type('#client-last_name', 'de Vries');
  await type('#client-birth_date', '1985-06-01');
  await type('#client-postcode', '12345');
  await type('#client-city', 'Utrecht');
  await (await byTest('save-client')).click();
  const postcodeError = await textOf('[data-testid="client-postcode-error"]');
  assert.match(postcodeError, /postcode/i, `the postcode field says what is wrong: ${postcodeError}`);
  assert.equal(await $('#client-postcode').getAttribute('aria-invalid'), 'true');
  await shot('nieuwe-client-fout');
  await (await byTest('nav-clients')).click();
  await (await byTest('client-filter')).waitForDisplayed();
  assert.equal((await browser.$$('[data-testid="client-row"]')).length, 0, 'the refused client was not saved');

  // Now correctly.
  await (await byTest('new-client')).click();
  await type('#client-first_names', 'Zoë');
  await type('#client-last_name', 'Vries');
  await type('#client-tussenvoegsel', 'de');
  await type('#client-birth_date', '1985-06-01');
  await type('#client-postcode', '3511 AB');
  await type('#client-city', 'Utrecht');
  await (await byTest('save-client')).click();
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Zoë de Vries');

  // A traject and a session.
  await (await byTest('tab-care')).click();
  await (await byTest('new-traject')).click();
  await type('#traject-hulpvraag', 'Slaapproblemen en piekeren');
  await type('#traject-fee', '85,00');
  await (await byTest('save-traject')).click();
  await (await byTest('traject')).waitForDisplayed({ timeout: 10_000 });
  await (await byTest('new-session')).click();
  await type('#session-time', '10:00');
  await (await byTest('save-session')).click();
  const sessionLine = await textOf('[data-testid="session"]');
  assert.match(sessionLine, /€ 85,00/, `the session takes the traject's fee: ${sessionLine}`);

  // A sessieverslag from the template.
  await (await byTest('tab-timeline')).click();
  await (await byTest('new-entry')).click();
  await (await $('#entry-template')).selectByAttribute('value', 'sessieverslag');
  const templated = await $('#entry-text').getValue();
  assert.match(templated, /Onderwerp:/, 'the template fills the editor');
  await type('#entry-text', 'Zoë vertelde over de vuurtoren van haar grootvader.');
  await (await byTest('save-entry')).click();
  await browser.waitUntil(async () => (await browser.$$('[data-testid="entry-text"]')).length === 1, {
    timeout: 10_000,
    timeoutMsg: 'the note did not appear in the timeline',
  });
  await shot('dossier');

  // Ctrl+K finds the client by a word from the note.
  await browser.keys(['Control', 'k']);
  await type('[data-testid="search-input"]', 'vuurtoren');
  const hit = await byTest('search-hit');
  await hit.waitForDisplayed({ timeout: 10_000 });
  assert.match(await hit.getText(), /Zoë de Vries/, 'the note leads to its client');
  await shot('zoeken');
  await browser.keys(['Escape']);
  await (await byTest('search-palette')).waitForDisplayed({ reverse: true, timeout: 5_000 });

  // The client list, with its instant filter.
  await (await byTest('nav-clients')).click();
  await type('[data-testid="client-filter"]', 'vri');
  assert.equal((await browser.$$('[data-testid="client-row"]')).length, 1);
  await shot('clienten');

  // Settings.
  await (await byTest('nav-settings')).click();
  await type('#practice-therapist_name', 'Anne Jansen');
  await type('#practice-practice_name', 'Praktijk De Linde');
  await (await byTest('save-settings')).click();
  await (await $('p.notice.ok')).waitForDisplayed({ timeout: 10_000 });
  await shot('instellingen');

  // A backup into the folder the seam "chooses".
  await (await byTest('nav-backups')).click();
  await (await byTest('choose-backup-folder')).click();
  await browser.waitUntil(async () => (await textOf('[data-testid="backup-folder"]')).endsWith('backups'), {
    timeout: 10_000,
    timeoutMsg: 'the chosen backup folder is not shown',
  });
  await (await byTest('backup-now')).click();
  assert.match(await textOf('[data-testid="backup-notice"]'), /Back-up gemaakt en gecontroleerd/);
  assert.match(await textOf('[data-testid="backup-count"]'), /^1 back-up in de map$/);
  assert.match(await textOf('[data-testid="backup-newest"]'), /^Nieuwste back-up: /, 'the status shows the backup');
  await (await byTest('choose-backup-file')).click();
  assert.match(await textOf('[data-testid="backup-preview"]'), /1 cliënten, 1 aantekeningen, 1 sessies/);
  await shot('back-ups');
  assert.equal(readdirSync(join(dialogDir, 'backups')).filter((f) => f.endsWith('.age')).length, 1);

  // The overview shows today's session and the recent client.
  await (await byTest('nav-overview')).click();
  await (await byTest('recent-clients')).waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf('[data-testid="recent-clients"]'), /Zoë de Vries/);
  await shot('overzicht');

  // Lock with Ctrl+L: the automatic backup runs, and the unlock screen says so calmly.
  await browser.keys(['Control', 'l']);
  await (await $('h2=Kluis openen')).waitForDisplayed({ timeout: 30_000 });
  const lockNote = await textOf('[data-testid="lock-note"]');
  assert.match(lockNote, /vergrendeld.*bewaard/s);
  const onLock = /back-up gemaakt: (.+\.age)\./.exec(lockNote)?.[1];
  assert.ok(onLock, `locking made the automatic backup: ${lockNote}`);
  assert.ok(readdirSync(join(dialogDir, 'backups')).includes(onLock), 'and it is in the backup folder');

  // A wrong passphrase is refused with the core's Dutch message.
  await type('#passphrase', 'dit is niet de goede zin');
  await clickText('Openen');
  assert.match(await textOf('[data-testid="unlock-error"]'), /^Deze wachtwoordzin past niet bij deze kluis\./);
  await shot('ontgrendelen');

  // The right one opens; the note is there.
  await type('#passphrase', PASSPHRASE);
  await clickText('Openen');
  await (await byTest('nav-clients')).waitForDisplayed({ timeout: 20_000 });
  await (await byTest('nav-clients')).click();
  await (await byTest('client-filter')).waitForDisplayed();
  await (await browser.$('button=Zoë de Vries')).click();
  assert.equal(await textOf('[data-testid="entry-text"]'), 'Zoë vertelde over de vuurtoren van haar grootvader.');

  // Edit with a reason; the history keeps both versions.
  await (await byTest('edit-entry')).click();
  await type('#edit-text', 'Zoë vertelde over de vuurtoren van haar grootvader op Texel.');
  await type('#edit-reason', 'aangevuld');
  await (await byTest('save-edit')).click();
  await browser.waitUntil(async () => (await textOf('[data-testid="entry-text"]')).endsWith('op Texel.'), {
    timeout: 10_000,
    timeoutMsg: 'the edited text is not shown',
  });
  await (await byTest('entry-history')).click();
  const history = await textOf('[data-testid="history"]');
  assert.match(history, /versie 1/);
  assert.match(history, /versie 2.*aangevuld/s, 'the reason is kept with the new version');
  assert.ok(history.includes('van haar grootvader.'), `the first wording is still there: ${history}`);
  await shot('aantekening-geschiedenis');

  // The idle lock, decided in Rust: one quiet minute (the shortest setting) locks the vault, and the
  // unlock screen says why.
  await (await byTest('nav-settings')).click();
  await type('#practice-idle', '1');
  await (await byTest('save-settings')).click();
  await (await $('p.notice.ok')).waitForDisplayed({ timeout: 10_000 });
  await (await $('h2=Kluis openen')).waitForDisplayed({
    timeout: 100_000,
    timeoutMsg: 'the vault did not lock itself after one quiet minute',
  });
  assert.match(await textOf('[data-testid="lock-note"]'), /omdat u een tijdje niets deed/);
});
