/** The practice-privacy commands (src-tauri/src/commands_retention_practice.rs). */
import { call } from './ipc';

export interface RetentionSettings {
  coaching_years: number;
  prospect_years: number;
}
export type DocumentKind = 'privacyverklaring' | 'verwerkingsregister' | 'datalekregister';
export type MdBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; text: string[] };
export interface PracticeDocument {
  kind: DocumentKind;
  markdown: string;
  blocks: MdBlock[];
  /** Practice-profile fields (keys of `Practice`) still empty. */
  missing: string[];
  /** Privacy answers (Instellingen → Privacy) still empty. */
  missing_privacy: string[];
}
export interface DataBreach {
  id: number;
  discovered_on: string;
  occurred_on: string | null;
  description: string;
  data_kinds: string;
  people_affected: number | null;
  consequences: string;
  measures: string;
  reported_to_ap_on: string | null;
  reported_to_ap_why: string;
  clients_informed_on: string | null;
}
/** The datalek form as typed (dates and the number as text; empty: unknown or not done). */
export interface DataBreachForm {
  discovered_on: string;
  occurred_on: string;
  description: string;
  data_kinds: string;
  people_affected: string;
  consequences: string;
  measures: string;
  reported_to_ap_on: string;
  reported_to_ap_why: string;
  clients_informed_on: string;
}
export interface ConsentWarning {
  session_id: number;
  date: string;
  age_band: string;
  missing: string[];
}

export const retentionSettingsGet = (): Promise<RetentionSettings> => call('retention_settings_get');
export const retentionSettingsSet = (coaching_years: string, prospect_years: string): Promise<RetentionSettings> =>
  call('retention_settings_set', { input: { coaching_years, prospect_years } });
export const practiceDocument = (kind: DocumentKind): Promise<PracticeDocument> => call('practice_document', { kind });
/** The saved file's name, or null when the person cancels the dialog. */
export const practiceDocumentSave = (kind: DocumentKind, format: 'pdf' | 'markdown'): Promise<string | null> =>
  call('practice_document_save', { kind, format });
export const dataBreaches = (): Promise<DataBreach[]> => call('data_breaches');
export const dataBreachAdd = (input: DataBreachForm): Promise<DataBreach> => call('data_breach_add', { input });
export const consentWarnings = (client_id: number): Promise<ConsentWarning[]> => call('consent_warnings', { client_id });
export interface ClientConsentWarnings {
  client_id: number;
  client_number: string;
  sessions: number;
}
export const consentWarningCounts = (): Promise<ClientConsentWarnings[]> => call('consent_warning_counts');
