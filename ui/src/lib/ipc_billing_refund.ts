/** The refund of a credit note (src-tauri/src/commands_billing_refund.rs), typed. */
import { call } from './ipc';
import type { Invoice, InvoiceStatus, PaymentMethod } from './ipc_billing';
import { nlBillingRefund as tr } from './i18n/nl_billing_refund';
import { nlBilling as tb } from './i18n/nl_billing';

export const invoiceRefund = (id: number, refundedOn: string, method: PaymentMethod) =>
  call<Invoice>('invoice_refund', { invoice_id: id, refunded_on: refundedOn, method });

/**
 * The status badge of a row: a credit note reads "Terug te betalen" while the core says money is
 * owed back (negative `open_cents`), "Terugbetaald" once recorded (the core's `status_label`).
 */
export function statusBadge(status: InvoiceStatus, isCreditNote: boolean, openCents: number): string {
  if (isCreditNote && status === 'issued') return openCents < 0 ? tr.owed : tb.creditIssued;
  if (isCreditNote && status === 'paid') return tr.refunded;
  return tb.statuses[status];
}
