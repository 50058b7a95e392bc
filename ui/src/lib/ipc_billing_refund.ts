/** The refund of a credit note (src-tauri/src/commands_billing_refund.rs), typed. */
import { call } from './ipc';
import type { Invoice, PaymentMethod } from './ipc_billing';

export const invoiceRefund = (id: number, refundedOn: string, method: PaymentMethod) =>
  call<Invoice>('invoice_refund', { invoice_id: id, refunded_on: refundedOn, method });
