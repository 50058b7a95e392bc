/** The Facturering settings and the Facturen period commands (src-tauri/src/commands_billing_settings.rs), typed. */
import { call } from './ipc';
import type { InvoiceKind, InvoiceStatus } from './ipc_billing';

export type VatMode = 'vat21' | 'exempt' | 'kor';

export interface BillingSettings {
  number_prefix: string;
  payment_term_days: number;
  /** `null`: not chosen yet; no nota of that kind is issued until it is. */
  care_vat_mode: VatMode | null;
  coaching_vat_mode: VatMode | null;
}

/** As the form sends it: the payment term as typed. */
export interface SettingsForm {
  number_prefix: string;
  payment_term_days: string;
  care_vat_mode: VatMode | null;
  coaching_vat_mode: VatMode | null;
}

export interface VatChoice {
  value: VatMode;
  label: string;
  invoice_text: string | null;
}

export interface BillingSettingsView {
  settings: BillingSettings;
  next_number: string;
  vat_choices: VatChoice[];
}

export interface Service {
  kind: string;
  description: string;
  tariff_cents: number;
  prestatiecode: string;
  vat_mode: VatMode;
}

export interface ServiceForm {
  kind: string;
  description: string;
  tariff: string;
  prestatiecode: string;
  /** `''` or `null`: not chosen (a select cannot hold null reliably; sent as null). */
  vat_mode: VatMode | '' | null;
  /** True for "Wijzigen" (change the kind's service); false for "Dienst toevoegen", which the core
   * refuses for a kind that already has a service. */
  change: boolean;
}

export interface Prestatiecode {
  code: string;
  description: string;
  category: string;
  source: string;
}

export type CodeOrigin = 'shipped' | 'edited' | 'added';
export interface CodeRow extends Prestatiecode {
  origin: CodeOrigin;
}
export interface CodeTable {
  codes: CodeRow[];
  source: string;
}

export interface BusinessClient {
  company_name: string;
  kvk_number: string;
  btw_id: string;
  reference: string;
  /** The company's own address: the invoice goes there, never to the client's home. */
  street: string;
  house_number: string;
  postcode: string;
  city: string;
  attention: string;
}
export interface BusinessRow extends BusinessClient {
  client_id: number;
  client_number: string;
  client_name: string;
}

export interface Period {
  from: string;
  to: string;
}
export interface PeriodPresets {
  today: string;
  this_month: Period;
  previous_quarter: Period;
  this_year: Period;
}

export interface LedgerRow {
  id: number;
  number: string | null;
  kind: InvoiceKind;
  status: InvoiceStatus;
  client_id: number | null;
  client_number: string;
  client_name: string;
  buyer_company: string;
  issue_date: string | null;
  due_date: string | null;
  total_cents: number;
  open_cents: number;
  is_credit_note: boolean;
  /** The core's label ("Openstaand", "Terug te betalen", …), shown as is. */
  status_label: string;
  overdue: boolean;
}
export interface LedgerTotals {
  invoiced_cents: number;
  paid_cents: number;
  open_cents: number;
  open_count: number;
  overdue_count: number;
  overdue_cents: number;
  /** Owed back to clients (credit notes of paid invoices), and already paid back. */
  refund_cents: number;
  refund_count: number;
  refunded_cents: number;
}
export interface Ledger {
  period: Period;
  rows: LedgerRow[];
  totals: LedgerTotals;
}

export const billingSettingsGet = () => call<BillingSettingsView>('billing_settings_get');
export const billingSettingsSet = (input: SettingsForm) => call<BillingSettingsView>('billing_settings_set', { input });
export const billingServices = () => call<Service[]>('billing_services');
export const billingServiceSave = (input: ServiceForm) => call<Service>('billing_service_save', { input });
export const billingCodes = () => call<CodeTable>('billing_codes');
export const billingCodeSave = (input: Prestatiecode) => call<CodeTable>('billing_code_save', { input });
export const billingBusinessList = () => call<BusinessRow[]>('billing_business_list');
export const billingBusinessSet = (clientId: number, business: BusinessClient | null) =>
  call<BusinessRow[]>('billing_business_set', { client_id: clientId, business });
export const invoicePeriods = () => call<PeriodPresets>('invoice_periods');
export const invoicesPeriod = (from: string, to: string) => call<Ledger>('invoices_period', { from, to });
export const invoicesExportCsv = (from: string, to: string, withNames: boolean) =>
  call<string | null>('invoices_export_csv', { from, to, with_names: withNames });
export const invoiceUblSave = (id: number) => call<string | null>('invoice_ubl_save', { invoice_id: id });
