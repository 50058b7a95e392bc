// Billing in the real window, as a therapist walks it: a client with a traject and a held session
// appears under "Nog te factureren" on the overview; "Maak nota" makes a concept; issuing it without
// the practice's AGB codes is refused and names them; after filling in the practice details it is
// issued as 2026-0001-style number, saved as PDF, copied for e-mail (password shown once), paid, and
// corrected with a credit note whose refund is then recorded ("Terugbetaald"); the released session is
// billed again with "Uitreiken en afrekenen (pin)" and the saved PDF says "Voldaan". Screenshots:
// docs/screenshots/factuur.png, facturen.png and creditnota-terugbetaald.png.
//
// Its own vault: on the first-run screen it picks "Andere map kiezen…", which the dialog seam answers
// with DOSSIERKLUIS_TEST_DIALOG_DIR/kluis-gekozen, so the default vault folder stays fresh for
// app.test.mjs. It sets no backup folder, so it leaves no backups behind.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { $, browser, byTest, dialogDir, shot, type, useWindow } from './window.mjs';

const PASSPHRASE = 'thee met honing op de veranda';

useWindow();

async function click(id) {
  const el = await byTest(id);
  await el.waitForClickable({ timeout: 10_000 });
  await el.click();
}

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

async function statusIs(label) {
  await browser.waitUntil(async () => (await textOf('[data-testid="invoice-status"]')) === label, {
    timeout: 10_000,
    timeoutMsg: `the invoice status did not become ${label}`,
  });
}

test('billing: unbilled session, concept, refused issue, issue, PDF, e-mail copy, paid, credit note', { timeout: 180_000 }, async () => {
  // A vault of its own, in the folder the seam "chooses".
  await (await $('h2=Welkom bij Dossierkluis')).waitForDisplayed({ timeout: 20_000 });
  await clickText('Andere map kiezen…');
  await browser.waitUntil(async () => (await textOf('[data-testid="vault-folder"]')).endsWith('kluis-gekozen'), {
    timeout: 10_000,
    timeoutMsg: 'the chosen vault folder is not shown',
  });
  await type('#passphrase', PASSPHRASE);
  await type('#repeat', PASSPHRASE);
  await clickText('Kluis maken');
  const code = await textOf('[data-testid="recovery-code"]');
  const group = Number(/groep (\d)/.exec(await textOf('h2#code-heading ~ form p'))[1]);
  await type('#code-check', code.split(/[\s-]+/)[group - 1]);
  await clickText('Ik heb de code opgeschreven');
  await (await $('h1*=Goedendag')).waitForDisplayed({ timeout: 15_000 });
  assert.match(await textOf('[data-testid="unbilled-card"]'), /Niets te factureren/, 'a new vault has nothing to bill');

  // Nothing about VAT is assumed: the practice chooses first (Instellingen → Facturering).
  await click('nav-settings');
  assert.match(await textOf('[data-testid="billing-care_vat_mode-text"]'), /Nog niet gekozen/, 'a new practice has no VAT choice');
  await (await $('#billing-care_vat_mode')).selectByAttribute('value', 'exempt');
  await (await $('#billing-coaching_vat_mode')).selectByAttribute('value', 'vat21');
  await click('billing-save');
  await (await byTest('billing-saved')).waitForDisplayed({ timeout: 10_000 });

  // A client with a care traject and a held session today.
  await click('nav-clients');
  await click('new-client');
  for (const [key, value] of Object.entries({
    first_names: 'Jan',
    last_name: 'Bakker',
    birth_date: '1979-03-14',
    street: 'Kerkstraat',
    house_number: '12',
    postcode: '3511 AB',
    city: 'Utrecht',
  })) {
    await type(`#client-${key}`, value);
  }
  await click('save-client');
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Jan Bakker');
  await click('tab-care');
  await click('new-traject');
  await type('#traject-hulpvraag', 'Somberheid');
  await type('#traject-fee', '90,00');
  await click('save-traject');
  await (await byTest('traject')).waitForDisplayed({ timeout: 10_000 });
  await click('new-session');
  await type('#session-time', '09:00');
  await click('save-session');
  await (await byTest('session')).waitForDisplayed({ timeout: 10_000 });

  // The overview offers to bill it.
  await click('nav-overview');
  const unbilled = await textOf('[data-testid="unbilled-list"]');
  assert.match(unbilled, /Jan Bakker.*1 gehouden sessie.*€ 90,00/s, `the held session waits to be billed: ${unbilled}`);
  const make = await browser.$('[data-testid^="make-invoice-"]');
  await make.waitForClickable({ timeout: 10_000 });
  await make.click();
  await click('make-invoice-go'); // "Maak nota…" asks which sessions; the one held session is checked
  await statusIs('Concept');
  assert.match(await textOf('[data-testid="invoice-total"]'), /€ 90,00/);

  // Without the practice's details a zorgnota is refused, and each missing field is named.
  await click('invoice-issue');
  const missing = await textOf('[data-testid="invoice-missing"]');
  assert.match(missing, /AGB-code van de zorgverlener/, `the missing AGB code is named: ${missing}`);
  assert.match(missing, /KvK-nummer/, `and the KvK number: ${missing}`);
  assert.match(missing, /heeft geen prestatiecode.*Diensten en tarieven/s, `and the session without a chosen code: ${missing}`);
  await statusIs('Concept');

  // Fill in the practice details in Instellingen.
  await click('nav-settings');
  for (const [key, value] of Object.entries({
    therapist_name: 'Anne Jansen',
    practice_name: 'Praktijk De Linde',
    street: 'Lindelaan',
    house_number: '3',
    postcode: '3512 CD',
    city: 'Utrecht',
    agb_zorgverlener: '90012345',
    agb_praktijk: '94012345',
    beroepsvereniging: 'NVPA',
    member_number: '12345',
    kvk_number: '12345678',
    iban: 'NL91ABNA0417164300',
  })) {
    await type(`#practice-${key}`, value);
  }
  await click('save-settings');
  await (await $('p.notice.ok')).waitForDisplayed({ timeout: 10_000 });
  // The prestatiecode for the session kind "Consult", with the practice's own name for the therapy.
  await type('#service-kind', 'Consult');
  await type('#service-description', 'haptotherapie');
  await type('#service-tariff', '90,00');
  await (await $('#service-code')).selectByAttribute('value', '24504');
  await (await $('#service-vat')).selectByAttribute('value', 'exempt');
  await click('service-save');
  await (await byTest('service-saved')).waitForDisplayed({ timeout: 10_000 });

  // The concept is in the list; issue it.
  await click('nav-invoices');
  await (await $('button=concept')).click();
  await click('invoice-issue');
  await statusIs('Openstaand');
  const title = await textOf('[data-testid="invoice-title"]');
  const number = /Zorgnota (\d{4}-\d{4})/.exec(title)?.[1];
  assert.ok(number, `the issued zorgnota has a number: ${title}`);
  assert.match(await textOf('[data-testid="vat-text"]'), /btw/i, 'care is VAT-exempt and the invoice says so');

  // PDF opslaan… through the (seamed) save dialog: a real PDF, made in Rust.
  await click('invoice-pdf');
  assert.match(await textOf('[data-testid="invoice-notice"]'), new RegExp(`zorgnota-${number}\\.pdf`));
  const pdf = readFileSync(join(dialogDir, 'opgeslagen', `zorgnota-${number}.pdf`));
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF', 'the saved file is a PDF');
  await shot('factuur');

  // Kopie voor e-mail…: the password is shown once, calmly, and nothing is sent.
  await click('invoice-email');
  const password = await textOf('[data-testid="email-password"]');
  assert.ok(password.length >= 12, `a generated password is shown: ${password}`);
  assert.match(await textOf('[data-testid="email-dialog"]'), /telefoon of sms/);
  assert.ok(existsSync(join(dialogDir, 'opgeslagen', `zorgnota-${number}-beveiligd.pdf`)), 'the protected copy is saved');
  await click('email-done');

  // Paid by pin today.
  await click('invoice-pay');
  await (await $('[data-testid="pay-method"]')).selectByAttribute('value', 'pin');
  await click('pay-confirm');
  await statusIs('Betaald');
  assert.match(await textOf('[data-testid="invoice-paid"]'), /pin/);
  assert.match(await textOf('[data-testid="invoice-open"]'), /€ 0,00/, 'nothing left to pay');

  // A credit note, releasing the session to bill again.
  await click('invoice-credit');
  await click('credit-confirm');
  await browser.waitUntil(async () => /^Creditnota /.test(await textOf('[data-testid="invoice-title"]')), {
    timeout: 10_000,
    timeoutMsg: 'the credit note was not shown',
  });
  assert.match(await textOf('[data-testid="invoice-total"]'), /^-€ 90,00$/, 'the credit note is negative');
  // The nota was paid, so the client gets the money back: the credit note says so until it is done.
  await statusIs('Terug te betalen');
  assert.match(await textOf('[data-testid="invoice-refund-owed"]'), /^€ 90,00$/, 'the amount to pay back');
  const creditNumber = (await textOf('[data-testid="invoice-title"]')).match(/^Creditnota (\S+)/)[1];

  // The list shows both, the original as credited, the credit note as still to be paid back.
  await click('nav-invoices');
  const list = await textOf('[data-testid="invoice-list"]');
  assert.match(list, /Creditnota/);
  assert.match(list, /Gecrediteerd/, `the original is marked credited: ${list}`);
  assert.match(list, /Terug te betalen/, `the credit note's status says a refund is owed: ${list}`);
  assert.match(list, /€ 90,00\s+terug te betalen/, `the amount still to pay back is shown: ${list}`);
  assert.match(await textOf('[data-testid="total-refund"]'), /^€ 90,00$/, 'the period totals count it apart');
  assert.match(await textOf('[data-testid="total-open"]'), /^€ 0,00$/, 'nobody owes the practice anything');
  await shot('facturen');

  // Terugbetaling vastleggen: paid back in cash today.
  await clickText(creditNumber);
  await statusIs('Terug te betalen');
  await click('invoice-refund');
  await (await $('[data-testid="refund-method"]')).selectByAttribute('value', 'contant');
  await click('refund-confirm');
  await statusIs('Terugbetaald');
  assert.match(await textOf('[data-testid="invoice-refunded"]'), /^Terugbetaald op .* \(contant\)\.$/);
  assert.equal(await (await byTest('invoice-refund')).isExisting(), false, 'recorded once: the button is gone');
  await shot('creditnota-terugbetaald');
  await click('nav-invoices');
  const after = await textOf('[data-testid="invoice-list"]');
  assert.match(after, /Terugbetaald/, `the list shows the refund done: ${after}`);
  assert.equal(await (await byTest('total-refund')).isExisting(), false, 'nothing left to pay back');

  // The released session is waiting to be billed again; this time the client pays by pin at once.
  await click('nav-overview');
  assert.match(await textOf('[data-testid="unbilled-list"]'), /Jan Bakker/);
  const again = await browser.$('[data-testid^="make-invoice-"]');
  await again.waitForClickable({ timeout: 10_000 });
  await again.click();
  await click('make-invoice-go');
  await statusIs('Concept');
  await click('invoice-issue-paid-pin');
  await statusIs('Betaald');
  const paidNumber = /Zorgnota (\d{4}-\d{4})/.exec(await textOf('[data-testid="invoice-title"]'))?.[1];
  assert.ok(paidNumber, 'issued with a number');
  await click('invoice-pdf');
  const paidPdf = join(dialogDir, 'opgeslagen', `zorgnota-${paidNumber}.pdf`);
  await browser.waitUntil(async () => existsSync(paidPdf), { timeout: 10_000, timeoutMsg: 'the PDF was not saved' });
  const paidText = execFileSync('pdftotext', [paidPdf, '-']).toString().replace(/\s+/g, ' ');
  assert.match(paidText, /Voldaan op .* \(pin\)/, `the stored nota says it was paid: ${paidText}`);
  assert.doesNotMatch(paidText, /overmaken/, 'and asks for no transfer');
  // A betaalbewijs can be saved for it too.
  await click('invoice-receipt');
  assert.match(await textOf('[data-testid="invoice-notice"]'), /Betaalbewijs opgeslagen/);
});
