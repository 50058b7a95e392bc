// Instellingen → Facturering and the Facturen period in the real window (issue 4 items 1, 5, 6): a
// payment term typed as a word is refused at its field and 30 days is saved; a service is added with a
// Dutch tariff (a bad one refused at its field); a session without its own fee is billed at that
// tariff and the issued zorgnota falls due after 30 days; the invoice list is filtered by period
// (this year shows it, the previous quarter does not, a period ending before it starts is refused at
// 'tot en met'), shows its totals, and exports a CSV without names through the save dialog (the file
// the seam received has the header and the invoice's line, and no client name). Then the client becomes
// a zakelijke afnemer (a short KvK number refused at its field) and her next zorgnota is saved as a
// UBL file with the company as buyer.
// Screenshots: docs/screenshots/facturering-instellingen.png, diensten-en-codes.png, facturen-periode.png.
//
// Runs after app.test.mjs in the same vault folder (run.sh): the vault exists and is locked, with the
// passphrase that test chose. It makes its own client, so it depends on nothing else in the vault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { $, browser, byTest, dialogDir, settle, shots, type, useWindow } from './window.mjs';

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

/** A date input: set as the person's date picker would (WebKit's typing into type=date is unreliable). */
async function setDate(selector, iso) {
  await (await $(selector)).waitForDisplayed({ timeout: 10_000 });
  await browser.execute(
    (sel, value) => {
      const input = document.querySelector(sel);
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    selector,
    iso,
  );
}

/** A screenshot of the part of the page that starts at `selector`. */
async function shotAt(name, selector) {
  await browser.execute((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'start' }), selector);
  await settle();
  await browser.saveScreenshot(join(shots, `${name}.png`));
}

test('facturering: payment term, a service with a tariff, the period filter, the CSV export, a zakelijke afnemer and its UBL file', { timeout: 120_000 }, async () => {
  await (await $('h2=Kluis openen')).waitForDisplayed({ timeout: 20_000 });
  await type('#passphrase', PASSPHRASE);
  await (await browser.$('//button[normalize-space(.)="Openen"]')).click();
  await (await byTest('nav-settings')).waitForDisplayed({ timeout: 20_000 });

  // The practice details a zorgnota needs, and a longer idle time than app.test.mjs left.
  await click('nav-settings');
  for (const [key, value] of Object.entries({
    idle: '15',
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

  // Facturering: a word as payment term is refused at its field, 30 days is saved.
  const next = await textOf('[data-testid="billing-next-number"]');
  assert.match(next, /^\d{4}-\d{4}$/, `the next number is shown: ${next}`);
  assert.match(await textOf('[data-testid="billing-numbering"]'), /zonder gaten/, 'gap-free numbering is explained');
  assert.match(await textOf('[data-testid="billing-vat-help"]'), /BIG-geregistreerd.*240 studiepunten.*12125/s, 'while nothing is chosen, when the exemption applies is explained');
  await (await $('#billing-care_vat_mode')).selectByAttribute('value', 'exempt');
  await (await $('#billing-coaching_vat_mode')).selectByAttribute('value', 'vat21');
  assert.match(await textOf('[data-testid="billing-care_vat_mode-text"]'), /artikel 11, lid 1, onderdeel g, onder 1°/, "the exemption's invoice text");
  await type('#billing-payment_term_days', 'veertien');
  await click('billing-save');
  assert.match(await textOf('[data-testid="billing-payment_term_days-error"]'), /betaaltermijn/i, 'refused at the field');
  await type('#billing-payment_term_days', '30');
  await click('billing-save');
  await (await byTest('billing-saved')).waitForDisplayed({ timeout: 10_000 });

  // A service: a bad tariff is refused at its field; 95,50 is saved and listed.
  await type('#service-kind', 'Consult');
  await type('#service-description', 'Consult van 50 minuten');
  await type('#service-tariff', 'vijfennegentig');
  await (await $('#service-code')).selectByAttribute('value', '24504');
  await (await $('#service-vat')).selectByAttribute('value', 'exempt');
  await click('service-save');
  assert.match(await textOf('[data-testid="service-tariff-error"]'), /85,00/, 'the tariff error shows the right shape');
  await type('#service-tariff', '95,50');
  await click('service-save');
  const row = await textOf('[data-testid="service-Consult"]');
  assert.match(row, /Consult van 50 minuten.*€ 95,50.*24504.*vrijgesteld/s, `the service is listed: ${row}`);
  assert.match(await textOf('[data-testid="codes-source"]'), /Vektis/, 'the code table names its source');
  await shotAt('facturering-instellingen', '[data-testid="billing-settings"]');
  await shotAt('diensten-en-codes', '[data-testid="billing-services"]');
  // "Dienst toevoegen" with a kind that already has a service does not overwrite it.
  await type('#service-kind', 'Consult');
  await type('#service-description', 'Iets anders');
  await type('#service-tariff', '10,00');
  await (await $('#service-vat')).selectByAttribute('value', 'exempt');
  await click('service-save');
  assert.equal(
    await textOf('[data-testid="service-kind-error"]'),
    'Er is al een dienst ‘Consult’; kies Wijzigen.',
    'refused at the kind field, pointing to Wijzigen',
  );
  assert.match(await textOf('[data-testid="service-Consult"]'), /€ 95,50/, 'the existing service is unchanged');

  // A client with a care traject without agreed fee, and a held consult without its own amount.
  await click('nav-clients');
  await click('new-client');
  for (const [key, value] of Object.entries({
    first_names: 'Eva',
    last_name: 'Smit',
    birth_date: '1988-02-03',
    street: 'Molenweg',
    house_number: '8',
    postcode: '3511 AB',
    city: 'Utrecht',
  })) {
    await type(`#client-${key}`, value);
  }
  await click('save-client');
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Eva Smit');
  await click('tab-care');
  await click('new-traject');
  await type('#traject-hulpvraag', 'Piekeren');
  await click('save-traject');
  await (await byTest('traject')).waitForDisplayed({ timeout: 10_000 });
  await click('new-session');
  await type('#session-time', '11:00');
  await click('save-session');
  await (await byTest('session')).waitForDisplayed({ timeout: 10_000 });

  // Bill it: the service's tariff is used, and the zorgnota falls due after 30 days.
  await click('nav-overview');
  const make = await browser.$('//li[contains(., "Eva Smit")]//button[starts-with(@data-testid, "make-invoice-")]');
  await make.waitForClickable({ timeout: 10_000 });
  await make.click();
  await click('make-invoice-go'); // "Maak nota…" asks which sessions; the one held session is checked
  assert.match(await textOf('[data-testid="invoice-total"]'), /€ 95,50/, 'billed at the service tariff');
  await click('invoice-issue');
  await browser.waitUntil(async () => (await textOf('[data-testid="invoice-status"]')) === 'Openstaand', {
    timeout: 10_000,
    timeoutMsg: 'the zorgnota was not issued',
  });
  const number = /(\d{4}-\d{4})/.exec(await textOf('[data-testid="invoice-title"]'))?.[1];
  assert.ok(number, 'the issued zorgnota has a number');
  assert.equal(number, next, 'it got the number the settings showed');

  // Facturen: this year (the default) shows it with the totals; the previous quarter does not.
  await click('nav-invoices');
  await (await byTest('invoice-list')).waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf('[data-testid="invoice-list"]'), new RegExp(`${number}[\\s\\S]*Eva Smit[\\s\\S]*€ 95,50`), 'listed this year');
  assert.match(await textOf('[data-testid="total-open"]'), /€ \d/, 'the open total is shown');
  const invoiced = await textOf('[data-testid="total-invoiced"]');
  assert.ok(/€ [1-9]/.test(invoiced), `something was invoiced this year: ${invoiced}`);
  await click('period-quarter');
  await browser.waitUntil(async () => !(await (await byTest('invoice-list')).isExisting()) || !(await textOf('[data-testid="invoice-list"]')).includes(number), {
    timeout: 10_000,
    timeoutMsg: 'the previous quarter still shows the invoice of today',
  });
  // A period typed by hand: an end before its start is refused at 'tot en met'.
  await setDate('#period-from', '2026-12-31');
  await setDate('#period-to', '2026-01-01');
  await click('period-show');
  assert.match(await textOf('[data-testid="period-to-error"]'), /einddatum/, 'refused at its field');
  await click('period-year');
  await browser.waitUntil(async () => (await textOf('[data-testid="invoice-list"]')).includes(number), {
    timeout: 10_000,
    timeoutMsg: 'this year does not show the invoice again',
  });
  const from = await (await $('#period-from')).getValue();
  const to = await (await $('#period-to')).getValue();
  await shotAt('facturen-periode', 'main h1');

  // Export for the bookkeeper, without names, through the (seamed) save dialog.
  await click('export-open');
  await click('export-without-names');
  await click('export-save');
  const notice = await textOf('[data-testid="export-notice"]');
  const file = `facturen-${from}-tot-${to}-zonder-namen.csv`;
  assert.ok(notice.includes(file), `the notice names the file: ${notice}`);
  const csv = readFileSync(join(dialogDir, 'opgeslagen', file), 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
  assert.match(lines[0], /^factuurnummer;factuurdatum;soort;status;clientnummer;crediteert;/, `the header, without name columns: ${lines[0]}`);
  const line = lines.find((l) => l.startsWith(`${number};`));
  assert.ok(line, `the invoice has its line: ${csv}`);
  assert.match(line, /;zorgnota;openstaand;K-\d+;/);
  assert.match(line, /;95,50;/, 'the amount with a decimal comma');
  assert.ok(!csv.includes('Smit'), 'no client name in the export without names');

  // Eva's employer pays from now on: a zakelijke afnemer; her next zorgnota can be saved as UBL.
  await click('nav-settings');
  const option = await browser.$('//select[@id="business-client"]/option[contains(., "Eva Smit")]');
  await option.waitForExist({ timeout: 10_000 });
  await (await $('#business-client')).selectByAttribute('value', await option.getAttribute('value'));
  await type('#business-company_name', 'Smit Advies B.V.');
  // The company's own address: the invoice goes there, never to Eva's home (Molenweg 8).
  await type('#business-street', 'Stationsplein');
  await type('#business-house_number', '1');
  await type('#business-postcode', '3511 ED');
  await type('#business-city', 'Utrecht');
  await type('#business-kvk_number', '123');
  await click('business-save');
  assert.match(await textOf('[data-testid="business-kvk_number-error"]'), /8 cijfers/, 'a short KvK number is refused at its field');
  await type('#business-kvk_number', '8765 4321');
  await click('business-save');
  assert.match(await textOf('[data-testid="business-list"]'), /Eva Smit[\s\S]*Smit Advies B\.V\.[\s\S]*87654321/, 'listed, KvK cleaned by the core');

  await click('nav-clients');
  await (await browser.$('button=Eva Smit')).click();
  await click('tab-care');
  await click('new-session');
  await type('#session-time', '14:00');
  await click('save-session');
  await browser.waitUntil(async () => (await browser.$$('[data-testid="session"]')).length === 2, {
    timeout: 10_000,
    timeoutMsg: 'the second session was not added',
  });
  await click('nav-overview');
  const again = await browser.$('//li[contains(., "Eva Smit")]//button[starts-with(@data-testid, "make-invoice-")]');
  await again.waitForClickable({ timeout: 10_000 });
  await again.click();
  // The session has no fee of its own: "Maak nota…" shows the service's tariff the nota will charge.
  assert.match(await textOf('[data-testid="make-invoice-total"]'), /€ 95,50/, 'the choice shows the amount the nota will charge');
  await click('make-invoice-go');
  await click('invoice-issue');
  await browser.waitUntil(async () => (await textOf('[data-testid="invoice-status"]')) === 'Openstaand', {
    timeout: 10_000,
    timeoutMsg: 'the second zorgnota was not issued',
  });
  const second = /(\d{4}-\d{4})/.exec(await textOf('[data-testid="invoice-title"]'))?.[1];
  await click('invoice-ubl');
  assert.match(await textOf('[data-testid="invoice-notice"]'), new RegExp(`zorgnota-${second}\\.xml`));
  const xml = readFileSync(join(dialogDir, 'opgeslagen', `zorgnota-${second}.xml`), 'utf8');
  assert.match(xml, /<Invoice [\s\S]*<cbc:ID>/, 'a UBL invoice');
  assert.ok(xml.includes('Smit Advies B.V.') && xml.includes('87654321'), 'the buyer is the company');
  assert.ok(xml.includes('Stationsplein 1') && !xml.includes('Molenweg'), 'at its own address, not the client\'s home');
});
