/**
 * The only door from the page into Rust. Each command the shell offers has one typed function here,
 * and every failure, whatever its origin, arrives as an `IpcError`.
 */
import { Channel, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { t } from './i18n';

/** Mirrors `IpcErrorCode` in `src-tauri/src/ipc_error.rs`. Switch on this, never on `message`. */
export type IpcErrorCode =
  | 'WrongPassphrase'
  | 'WrongRecoveryCode'
  | 'VaultInUse'
  | 'VaultNotFound'
  | 'VaultExists'
  | 'NewerVersion'
  | 'Corrupt'
  | 'InvalidInput'
  | 'NotFound'
  | 'NotAllowed'
  | 'BackupTampered'
  | 'WrongIdentity'
  | 'Io'
  | 'VaultLocked'
  | 'Internal';

export interface FieldError {
  field: string;
  message: string;
}

export interface IpcError {
  code: IpcErrorCode;
  /** A Dutch sentence that can be shown as it is. */
  message: string;
  /** With `InvalidInput`: the message for each field to mark. */
  fields?: FieldError[];
}

const codes: readonly IpcErrorCode[] = [
  'WrongPassphrase',
  'WrongRecoveryCode',
  'VaultInUse',
  'VaultNotFound',
  'VaultExists',
  'NewerVersion',
  'Corrupt',
  'InvalidInput',
  'NotFound',
  'NotAllowed',
  'BackupTampered',
  'WrongIdentity',
  'Io',
  'VaultLocked',
  'Internal',
];

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return codes.includes(code as IpcErrorCode) && typeof message === 'string';
}

/** Field name → message, for a form. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isIpcError(error)) for (const f of error.fields ?? []) out[f.field] = f.message;
  return out;
}

/** Called when any command finds the vault locked (the idle timer may have locked it). */
let onLocked: () => void = () => {};
export function whenLocked(handler: () => void): void {
  onLocked = handler;
}

/**
 * Calls a command; rejects with an `IpcError` only. Tauri itself rejects with a bare string (for
 * example when a capability does not grant the command): that becomes `Internal`, because the
 * person cannot fix it.
 */
export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isIpcError(error)) {
      if (error.code === 'VaultLocked') onLocked();
      throw error;
    }
    console.error(`IPC '${command}' faalde:`, error);
    const internal: IpcError = { code: 'Internal', message: t.errors.internal };
    throw internal;
  }
}

export interface AppInfo {
  name: string;
  version: string;
}

export type LockReason = 'manual' | 'idle' | 'sleep';
export interface LockNote {
  reason: LockReason;
  backup_file: string | null;
  backup_error: string | null;
  /** The vault is still closing (the automatic backup may be running). */
  closing: boolean;
}
export interface VaultStatus {
  state: 'none' | 'locked' | 'open';
  folder: string;
  last_lock: LockNote | null;
}

export type ClientStatus = 'prospect' | 'active' | 'closed';
export interface ClientInput {
  first_names: string;
  call_name: string;
  tussenvoegsel: string;
  last_name: string;
  birth_date: string;
  street: string;
  house_number: string;
  postcode: string;
  city: string;
  email: string;
  phone: string;
  huisarts: string;
  insurer: string;
  polisnummer: string;
  status: ClientStatus;
}
export interface Client extends ClientInput {
  id: number;
  client_number: string;
  created_at: string;
  updated_at: string;
}
export interface ClientSummary {
  id: number;
  client_number: string;
  name: string;
  birth_date: string;
  city: string;
  status: ClientStatus;
  last_session: string | null;
}
export interface Representative {
  id: number;
  name: string;
  relation: string;
  has_gezag: boolean;
  email: string;
  phone: string;
}
export type Regime = 'wgbo' | 'coaching';
export interface Traject {
  id: number;
  regime: Regime;
  start_date: string;
  end_date: string | null;
  hulpvraag: string;
  agreed_fee_cents: number | null;
}
export type SessionStatus = 'planned' | 'held' | 'cancelled' | 'no_show';
export interface Session {
  id: number;
  traject_id: number | null;
  date: string;
  start_time: string;
  duration_minutes: number;
  kind: string;
  fee_cents: number;
  status: SessionStatus;
}
export type EntryKind =
  | 'intake'
  | 'sessieverslag'
  | 'behandelplan'
  | 'evaluatie'
  | 'correspondentie'
  | 'clientverklaring'
  | 'werkaantekening';
export interface Entry {
  id: number;
  kind: EntryKind;
  private: boolean;
  entry_date: string;
  text: string;
  version: number;
  traject_id: number | null;
  session_id: number | null;
  created_at: string;
  updated_at: string;
}
export interface EntryVersion {
  version: number;
  text: string;
  reason: string;
  saved_at: string;
}
export interface Consent {
  id: number;
  purpose: string;
  description: string;
  representative_id: number | null;
  given_on: string;
  withdrawn_on: string | null;
}
export interface ConsentCheck {
  age_band: string;
  complete: boolean;
  missing: string[];
}
export interface DocumentInfo {
  id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  description: string;
  added_at: string;
}
export interface Dossier {
  client: Client;
  representatives: Representative[];
  trajecten: Traject[];
  sessions: Session[];
  entries: Entry[];
  consents: Consent[];
  documents: DocumentInfo[];
  treatment_consent: ConsentCheck;
}
export interface AgendaItem {
  session_id: number;
  client_id: number;
  client_number: string;
  client_name: string;
  date: string;
  start_time: string;
  duration_minutes: number;
  kind: string;
  status: SessionStatus;
}
export interface BackupStatus {
  folder: string | null;
  folder_reachable: boolean;
  newest_at: string | null;
  newest_file: string | null;
  count: number;
  days_since_newest: number | null;
  reminder: boolean;
}
export interface Overview {
  agenda: { today: string; today_sessions: AgendaItem[]; upcoming: AgendaItem[] };
  recent: { client_id: number; client_number: string; name: string; status: ClientStatus; last_worked_at: string }[];
  backup: BackupStatus;
  practice_name: string;
  therapist_name: string;
}
export interface SearchHit {
  client_id: number;
  client_number: string;
  client_name: string;
  source: 'client' | 'entry';
  ref_id: number;
  kind: string | null;
  snippet: string;
}
export interface AuditLine {
  at: string;
  event: string;
  /** The core's Dutch label for `event` (used where the UI has no label of its own). */
  what: string;
  user_name: string;
  device: string;
  object_type: string;
  outcome: string;
}
export interface Practice {
  therapist_name: string;
  practice_name: string;
  street: string;
  house_number: string;
  postcode: string;
  city: string;
  phone: string;
  email: string;
  website: string;
  agb_zorgverlener: string;
  agb_praktijk: string;
  beroepsvereniging: string;
  member_number: string;
  rbcz_number: string;
  kvk_number: string;
  btw_id: string;
  iban: string;
  default_regime: Regime;
  idle_lock_minutes: number;
}
export interface Progress {
  stage: 'snapshot' | 'write' | 'verify' | 'restore';
  done_bytes: number;
  total_bytes: number;
}
export interface BackupPreview {
  created_at: string;
  app_version: string;
  clients: number;
  entries: number;
  sessions: number;
  documents: number;
}

function channel(onProgress: (p: Progress) => void): Channel<Progress> {
  const c = new Channel<Progress>();
  c.onmessage = onProgress;
  return c;
}

export const appInfo = (): Promise<AppInfo> => call('app_info');

export const vaultStatus = (): Promise<VaultStatus> => call('vault_status');
export const vaultChooseFolder = (): Promise<VaultStatus> => call('vault_choose_folder');
export const vaultCreate = (passphrase_text: string, repeat: string): Promise<{ recovery_code: string }> =>
  call('vault_create', { passphrase_text, repeat });
/** Saves the recovery sheet PDF through the native save dialog; the file name, or null when cancelled. */
export const recoverySheetSave = (): Promise<string | null> => call('recovery_sheet_save');
export const recoveryCodeConfirmed = (): Promise<void> => call('recovery_code_confirmed');
export const vaultUnlock = (passphrase_text: string): Promise<VaultStatus> => call('vault_unlock', { passphrase_text });
export const vaultRecover = (recovery_code: string, new_passphrase: string, repeat: string): Promise<VaultStatus> =>
  call('vault_recover', { recovery_code, new_passphrase, repeat });
export const vaultLock = (): Promise<VaultStatus> => call('vault_lock');
export const vaultChangePassphrase = (current: string, new_passphrase: string, repeat: string): Promise<void> =>
  call('vault_change_passphrase', { current, new_passphrase, repeat });
export const activity = (): Promise<void> => call('activity');

export const overview = (): Promise<Overview> => call('overview');
export const clientsList = (status: ClientStatus | null = null): Promise<ClientSummary[]> => call('clients_list', { status });
export const clientAdd = (input: ClientInput): Promise<number> => call('client_add', { input });
export const clientUpdate = (client_id: number, input: ClientInput): Promise<void> =>
  call('client_update', { client_id, input });
export const dossierOpen = (client_id: number): Promise<Dossier> => call('dossier_open', { client_id });
export const representativeAdd = (client_id: number, input: Omit<Representative, 'id'>): Promise<number> =>
  call('representative_add', { client_id, input });
export const trajectAdd = (
  client_id: number,
  input: { regime: Regime; start_date: string; hulpvraag: string; agreed_fee: string },
): Promise<number> => call('traject_add', { client_id, input });
export const trajectClose = (traject_id: number, end_date: string): Promise<void> =>
  call('traject_close', { traject_id, end_date });
export const sessionAdd = (
  client_id: number,
  input: {
    traject_id: number | null;
    date: string;
    start_time: string;
    duration_minutes: number;
    kind: string;
    fee: string;
    status: SessionStatus;
  },
): Promise<number> => call('session_add', { client_id, input });
export const sessionSetStatus = (session_id: number, status: SessionStatus): Promise<void> =>
  call('session_set_status', { session_id, status });
export const entryAdd = (
  client_id: number,
  input: { kind: EntryKind; text: string; entry_date: string | null; traject_id: number | null; session_id: number | null },
): Promise<number> => call('entry_add', { client_id, input });
export const entryEdit = (entry_id: number, text: string, reason: string): Promise<number> =>
  call('entry_edit', { entry_id, text, reason });
export const entryHistory = (entry_id: number): Promise<EntryVersion[]> => call('entry_history', { entry_id });
export const consentAdd = (
  client_id: number,
  input: { purpose: string; description: string; representative_id: number | null; given_on: string },
): Promise<number> => call('consent_add', { client_id, input });
export const consentWithdraw = (consent_id: number, withdrawn_on: string): Promise<void> =>
  call('consent_withdraw', { consent_id, withdrawn_on });
export const documentAdd = (client_id: number, description: string): Promise<number | null> =>
  call('document_add', { client_id, description });
export const documentSave = (document_id: number): Promise<string | null> => call('document_save', { document_id });
export const documentRemove = (document_id: number): Promise<void> => call('document_remove', { document_id });
export const search = (query: string): Promise<SearchHit[]> => call('search', { query });
export const auditClient = (client_id: number): Promise<AuditLine[]> => call('audit_client', { client_id });

export const practiceGet = (): Promise<Practice> => call('practice_get');
export const practiceSet = (input: Practice): Promise<Practice> => call('practice_set', { input });

export const backupStatus = (): Promise<BackupStatus> => call('backup_status');
export const backupChooseFolder = (): Promise<BackupStatus> => call('backup_choose_folder');
export const backupCreate = (
  onProgress: (p: Progress) => void,
): Promise<{ file_name: string; bytes: number; created_at: string; rotated_away: number }> =>
  call('backup_create', { progress: channel(onProgress) });
export const backupChooseFile = (): Promise<BackupPreview | null> => call('backup_choose_file');
export const backupVerify = (
  onProgress: (p: Progress) => void,
): Promise<{ intact: boolean; created_at: string; clients: number }> =>
  call('backup_verify', { progress: channel(onProgress) });
export const backupRestore = (
  new_passphrase: string,
  repeat: string,
  onProgress: (p: Progress) => void,
): Promise<{ folder: string; created_at: string; clients: number; recovery_code: string | null } | null> =>
  call('backup_restore', { new_passphrase, repeat, progress: channel(onProgress) });
