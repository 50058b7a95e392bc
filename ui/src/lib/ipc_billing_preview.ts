/** What "Maak nota…" would make (src-tauri/src/commands_billing_preview.rs), typed. */
import { call } from './ipc';
import type { InvoiceKind } from './ipc_billing';

/** One nota the chosen sessions become, with the totals the core computes as the invoice will. */
export interface PreviewNota {
  regime: 'wgbo' | 'coaching';
  kind: InvoiceKind;
  session_ids: number[];
  net_cents: number;
  vat_cents: number;
  total_cents: number;
}

export const invoicePreview = (clientId: number, sessionIds: number[]) =>
  call<PreviewNota[]>('invoice_preview', { client_id: clientId, session_ids: sessionIds });

/** Makes the previewed nota's as concepts, all in one transaction (or none); their ids. */
export const invoicesCreatePreviewed = (clientId: number, sessionIds: number[]) =>
  call<number[]>('invoices_create_previewed', { client_id: clientId, session_ids: sessionIds });

/** The sum of the nota's totals, VAT included. */
export const previewTotal = (notas: PreviewNota[]) => notas.reduce((sum, n) => sum + n.total_cents, 0);
