/** The rest of the Privacy tab (src-tauri/src/commands_retention_client.rs). */
import { call } from './ipc';
import type { ClientRequest, RetentionStatus } from './ipc_retention';

export type CopyFormat = 'pdf' | 'json';
export type SharePurpose = 'waarnemer' | 'verwijzing';

export interface CopyChoice {
  id: number;
  kind: string;
  entry_date: string;
  excerpt: string;
}
export interface CopyPlan {
  entries: CopyChoice[];
  work_notes_left_out: number;
}
export interface SavedCopy {
  file_name: string;
  /** Open requests this copy answers (the core decides which). */
  answers: ClientRequest[];
}
export interface IntervisionReview {
  summary: { about: string; trajecten: string[]; entries: [string, string][]; replacements: number };
  text: string;
  refusal: string | null;
}

export const requestExtend = (request_id: number, months: number, reason: string): Promise<ClientRequest> =>
  call('request_extend', { request_id, months, reason });
export const retentionKeepLonger = (
  client_id: number,
  until: string | null,
  years: string | null,
  reason: string,
): Promise<RetentionStatus> => call('retention_keep_longer', { client_id, until, years, reason });
export const copyPlan = (client_id: number): Promise<CopyPlan> => call('copy_plan', { client_id });
/** `null` when the person cancels the save dialog. */
export const clientCopySave = (client_id: number, format: CopyFormat, withhold: number[]): Promise<SavedCopy | null> =>
  call('client_copy_save', { client_id, format, withhold });
export const intervisionReview = (client_id: number): Promise<IntervisionReview> =>
  call('intervision_review', { client_id });
export const intervisionSave = (client_id: number): Promise<string | null> => call('intervision_save', { client_id });
export const sharedCopySave = (client_id: number, purpose: SharePurpose, format: CopyFormat): Promise<string | null> =>
  call('shared_copy_save', { client_id, purpose, format });
