// Retention in the real window (issue 5, "done when"): a client records a vernietiging request (its
// deadline is shown), a destruction without grounds is refused with the core's Dutch sentence, the
// dossier is destroyed after typing its client number, it is gone from the clients list, and the
// destruction register shows its line (client number only). Screenshots: verzoeken.png, bewaren.png.
//
// Runs after app.test.mjs in the same vault folder (run.sh): the vault exists and is locked, with the
// passphrase that test chose.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { $, browser, byTest, shot, type, useWindow } from './window.mjs';

const PASSPHRASE = 'koffie bij het raam in de ochtend';

useWindow({ needsDialogDir: false });

async function textOf(selector) {
  const el = await $(selector);
  await el.waitForDisplayed({ timeout: 15_000 });
  return el.getText();
}

test('a vernietiging request, a refused and a confirmed destruction, the register line', { timeout: 90_000 }, async () => {
  // Open the vault app.test.mjs made (it left it locked, with a one-minute idle lock: lengthen it).
  await (await $('h2=Kluis openen')).waitForDisplayed({ timeout: 20_000 });
  await type('#passphrase', PASSPHRASE);
  await (await browser.$('//button[normalize-space(.)="Openen"]')).click();
  await (await byTest('nav-settings')).waitForDisplayed({ timeout: 20_000 });
  await (await byTest('nav-settings')).click();
  await type('#practice-idle', '15');
  await (await byTest('save-settings')).click();
  await (await $('p.notice.ok')).waitForDisplayed({ timeout: 10_000 });

  // A new client.
  await (await byTest('nav-clients')).click();
  await (await byTest('new-client')).click();
  await type('#client-first_names', 'Bram');
  await type('#client-last_name', 'Jansen');
  await type('#client-birth_date', '1979-03-14');
  await type('#client-postcode', '3511 AB');
  await type('#client-city', 'Utrecht');
  await (await byTest('save-client')).click();
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Bram Jansen');
  const head = await textOf('.dossier-head');
  const number = /K-\d+/.exec(head)?.[0];
  assert.ok(number, `the dossier shows its client number: ${head}`);

  // The privacy tab: how long it is kept.
  await (await byTest('tab-privacy')).click();
  assert.match(await textOf('[data-testid="retention-status"]'), /Bewaren tot|Bewaartermijn/, 'the retention status is shown');

  // Without a request and within its term, the core refuses; its sentence is shown and nothing is lost.
  await type('#destroy-reason', 'de cliënt wil geen dossier meer');
  await type('#destroy-confirm', number);
  await (await byTest('destroy')).click();
  const refusal = await textOf('[data-testid="destroy-error"]');
  assert.ok(refusal.length > 20 && /vernietig/i.test(refusal), `a refusal in Dutch says why: ${refusal}`);
  assert.equal(await textOf('[data-testid="dossier-name"]'), 'Bram Jansen', 'the refused dossier is still there');

  // Record the vernietiging request; its deadline is shown.
  await (await $('#request-kind')).selectByAttribute('value', 'vernietiging');
  await type('#request-identity', 'legitimatie gezien in de praktijk');
  await (await byTest('save-request')).click();
  const recorded = await textOf('[data-testid="request-notice"]');
  assert.match(recorded, /Beantwoorden uiterlijk \d+/, `the deadline is shown: ${recorded}`);
  const row = await textOf('[data-testid="request-row"]');
  assert.match(row, /Vernietiging.*uiterlijk.*open/s, `the request is listed as open with its deadline: ${row}`);
  await shot('verzoeken');

  // Who has seen this dossier: at least the opening just now.
  await (await byTest('show-viewed')).click();
  await (await byTest('viewed')).waitForDisplayed({ timeout: 10_000 });
  assert.ok((await browser.$$('[data-testid="viewed"] tr')).length >= 1, 'opening the dossier is listed');

  // The overview lists the open request with its days left.
  await (await byTest('nav-overview')).click();
  const due = await textOf('[data-testid="request-due"]');
  assert.ok(due.includes(number) && /Vernietiging/.test(due), `the overview card names the request: ${due}`);
  assert.match(due, /nog \d+ dagen/, `and how many days are left: ${due}`);
  await (await byTest('nav-clients')).click();
  await (await browser.$('button=Bram Jansen')).click();
  await (await byTest('tab-privacy')).click();
  await type('#destroy-reason', 'de cliënt wil geen dossier meer');

  // A wrong confirmation does nothing.
  await type('#destroy-confirm', 'K-999999');
  await (await byTest('destroy')).click();
  assert.match(await textOf('[data-testid="destroy-confirm-error"]'), /klopt niet/);

  // The right one destroys on the request.
  await type('#destroy-confirm', number);
  await (await byTest('destroy')).click();
  await (await byTest('client-filter')).waitForDisplayed({ timeout: 15_000 });
  await browser.waitUntil(async () => (await browser.$$('[data-testid="client-row"]')).length >= 1, {
    timeout: 10_000,
    timeoutMsg: 'the clients list did not load (Zoë from app.test.mjs should be there)',
  });
  assert.equal((await browser.$$('button=Bram Jansen')).length, 0, 'the destroyed client is gone from the list');

  // The register shows the line, by client number, on the client's request.
  await (await byTest('nav-bewaren')).click();
  const line = await textOf('[data-testid="register-row"]');
  assert.ok(line.includes(number), `the register line names the client number: ${line}`);
  assert.match(line, /verzoek van de cliënt/);
  assert.ok(!line.includes('Bram') && !line.includes('Jansen'), 'the register holds no name');
  await shot('bewaren');
});
