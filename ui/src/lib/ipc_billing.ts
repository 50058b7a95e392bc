/** The billing commands (src-tauri/src/commands_billing.rs), typed. */
import { call } from './ipc';

export type InvoiceKind = 'zorgnota' | 'factuur';
export type InvoiceStatus = 'concept' | 'issued' | 'paid' | 'credited';
export type PaymentMethod = 'pin' | 'contant' | 'overboeking';
/** What may be done with an invoice now, as the core decides it (billing::status). */
export type InvoiceAction =
  | 'issue'
  | 'issue_paid'
  | 'delete_concept'
  | 'record_payment'
  | 'record_refund'
  | 'credit'
  | 'pdf'
  | 'print'
  | 'email_copy'
  | 'receipt'
  | 'ubl';

export interface UnbilledSession {
  session_id: number;
  client_id: number;
  client_number: string;
  date: string;
  kind: string;
  /** The line amount excluding VAT (the core's `line_for`). */
  fee_cents: number;
  /** `null` while the practice has chosen no VAT for this kind of nota. */
  vat_mode: 'vat21' | 'exempt' | 'kor' | null;
  regime: 'wgbo' | 'coaching';
  invoice_kind: InvoiceKind;
}

export interface InvoiceSummary {
  id: number;
  number: string | null;
  kind: InvoiceKind;
  status: InvoiceStatus;
  client_id: number | null;
  client_number: string;
  client_name: string;
  issue_date: string | null;
  total_cents: number;
  open_cents: number;
  is_credit_note: boolean;
  /** The core's label ("Openstaand", "Terug te betalen", …), shown as is. */
  status_label: string;
}

export interface InvoiceLine {
  position: number;
  session_id: number | null;
  service_date: string;
  prestatiecode: string;
  description: string;
  amount_cents: number;
  vat_mode: string;
}

export interface RateTotal {
  vat_mode: string;
  net_cents: number;
  vat_cents: number;
}

export interface Invoice {
  id: number;
  kind: InvoiceKind;
  status: InvoiceStatus;
  client_id: number | null;
  credits_invoice_id: number | null;
  credits_number: string;
  credits_date: string;
  number: string | null;
  issue_date: string | null;
  due_date: string | null;
  client: { client_number: string; name: string; street: string; postcode: string; city: string };
  lines: InvoiceLine[];
  totals: { net_cents: number; vat_cents: number; total_cents: number; per_rate: RateTotal[] };
  paid_on: string | null;
  payment_method: PaymentMethod | null;
  open_cents: number;
  /** The core's label and allowed actions: the window shows these and decides nothing itself. */
  status_label: string;
  actions: InvoiceAction[];
  vat_texts: string[];
}

export interface EmailCopy {
  file_name: string;
  password: string;
}

export const billingUnbilled = (clientId: number | null = null) =>
  call<UnbilledSession[]>('billing_unbilled', { client_id: clientId });
export const invoiceCreate = (clientId: number, sessionIds: number[]) =>
  call<number>('invoice_create', { client_id: clientId, session_ids: sessionIds });
export const invoicesList = () => call<InvoiceSummary[]>('invoices_list');
export const invoiceGet = (id: number) => call<Invoice>('invoice_get', { invoice_id: id });
/** With `paid`: "Uitreiken en afrekenen", issued and paid today in one step (pin or contant). */
export const invoiceIssue = (id: number, paid: 'pin' | 'contant' | null = null) =>
  call<Invoice>('invoice_issue', { invoice_id: id, paid });
export const invoiceDeleteConcept = (id: number) => call<void>('invoice_delete_concept', { invoice_id: id });
export const invoiceMarkPaid = (id: number, paidOn: string, method: PaymentMethod) =>
  call<Invoice>('invoice_mark_paid', { invoice_id: id, paid_on: paidOn, method });
export const invoiceCredit = (id: number, releaseSessions: boolean) =>
  call<Invoice>('invoice_credit', { invoice_id: id, release_sessions: releaseSessions });
export const invoicePdfSave = (id: number) => call<string | null>('invoice_pdf_save', { invoice_id: id });
/** The betaalbewijs of a paid nota, to a path from the save dialog. */
export const invoiceReceiptSave = (id: number) =>
  call<string | null>('invoice_pdf_save', { invoice_id: id, receipt: true });
export const invoiceEmailCopySave = (id: number) =>
  call<EmailCopy | null>('invoice_email_copy_save', { invoice_id: id });
