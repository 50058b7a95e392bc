/** Issue 12 commands (src-tauri/src/commands_retention_privacy.rs): the privacy answers, who asked,
 * partial destruction and the financial purge. */
import { call } from './ipc';
import type { ClientRequest, Destroyed, RequestKind } from './ipc_retention';

export interface Processor {
  name: string;
  purpose: string;
  agreement: boolean;
}
export interface PrivacyAnswers {
  email_provider: string;
  backup_location: string;
  bookkeeper: string;
  /** null: not entered yet; []: the therapist said there are none. */
  processors: Processor[] | null;
  transfers_outside_eea: string;
  klachtenregeling: string;
  geschilleninstantie: string;
}
export interface PrivacyAnswersView {
  answers: PrivacyAnswers;
  missing: string[];
}
export type Requester = 'client' | 'ouder' | 'voogd' | 'mentor' | 'curator' | 'vertegenwoordiger' | 'gemachtigde';
export interface PartChoices {
  entries: { id: number; kind: string; entry_date: string; excerpt: string }[];
  documents: { id: number; file_name: string; added_on: string }[];
}
export interface ExpiredFinancial {
  id: number;
  number: string;
  kind: string;
  issue_date: string;
  client_number: string;
  total_cents: number;
}

export const privacyAnswersGet = (): Promise<PrivacyAnswersView> => call('privacy_answers_get');
export const privacyAnswersSet = (input: PrivacyAnswers): Promise<PrivacyAnswersView> =>
  call('privacy_answers_set', { input });
export const requestAddBy = (
  client_id: number,
  kind: RequestKind,
  received_on: string,
  identity_check: string,
  requester: Requester,
  proceed_reason: string,
): Promise<ClientRequest> =>
  call('request_add_by', { client_id, kind, received_on, identity_check, requester, proceed_reason });
export const requestProceed = (request_id: number, reason: string): Promise<ClientRequest> =>
  call('request_proceed', { request_id, reason });
export const partChoices = (client_id: number): Promise<PartChoices> => call('part_choices', { client_id });
export const clientDestroyPart = (
  client_id: number,
  entry_ids: number[],
  document_ids: number[],
  reason: string,
  request_id: number | null,
): Promise<Destroyed> => call('client_destroy_part', { client_id, entry_ids, document_ids, reason, request_id });
export const financialExpired = (): Promise<ExpiredFinancial[]> => call('financial_expired');
export const financialPurge = (): Promise<number> => call('financial_purge');
