/** The retention and client-rights commands (src-tauri/src/commands_retention.rs). */
import { call } from './ipc';

export type RequestKind =
  | 'inzage'
  | 'afschrift'
  | 'rectificatie'
  | 'vernietiging'
  | 'beperking'
  | 'overdraagbaarheid'
  | 'bezwaar'
  | 'intrekken_toestemming';
export type RequestStatus = 'open' | 'uitgevoerd' | 'afgewezen';

export interface ClientRequest {
  id: number;
  client_number: string;
  kind: RequestKind;
  received_on: string;
  identity_check: string;
  deadline: string;
  extended_deadline: string | null;
  extension_reason: string | null;
  status: RequestStatus;
  answered_on: string | null;
  answer_note: string;
  requester: string;
  age_on_received: number | null;
  entitled: boolean;
  entitled_reason: string;
  proceed_reason: string;
}
export interface RequestDue {
  request: ClientRequest;
  deadline: string;
  days_left: number;
  overdue: boolean;
}
export interface RetentionStatus {
  client_id: number;
  client_number: string;
  keep_until: string | null;
  basis: string;
  reason: string;
  hold: string | null;
  restricted: boolean;
  term_ended: boolean;
  due: boolean;
}
export interface DestructionLine {
  id: number;
  client_number: string;
  destroyed_at: string;
  ground: string;
  reason: string;
  requested_by: string;
  request_id: number | null;
  what: Record<string, number> | null;
}
export interface Destroyed {
  register_id: number;
  client_number: string;
  counts: Record<string, number>;
  wal_truncated: boolean;
}

export const requestsDue = (): Promise<RequestDue[]> => call('requests_due');
export const requestsForClient = (client_number: string): Promise<ClientRequest[]> =>
  call('requests_for_client', { client_number });
export const requestAdd = (
  client_id: number,
  kind: RequestKind,
  received_on: string,
  identity_check: string,
): Promise<ClientRequest> => call('request_add', { client_id, kind, received_on, identity_check });
export const retentionStatus = (client_id: number): Promise<RetentionStatus> =>
  call('retention_status', { client_id });
/** A due-list line: `due_today` false means "nog niet" (its term ends after today). */
export interface DueLine extends RetentionStatus {
  due_today: boolean;
}
/** "Te vernietigen per `on`" as typed (empty or absent: today). */
export const retentionDue = (on?: string): Promise<DueLine[]> => call('retention_due', { on: on ?? null });
export const clientDestroy = (client_id: number, reason: string, request_id: number | null): Promise<Destroyed> =>
  call('client_destroy', { client_id, reason, request_id });
export const destructionRegister = (): Promise<DestructionLine[]> => call('destruction_register');
export interface ViewLine {
  at: string;
  user: string;
  device: string;
  what: string;
  event: string;
}
export const requestAnswer = (request_id: number, status: RequestStatus, note: string): Promise<void> =>
  call('request_answer', { request_id, status, note });
export const retentionHold = (client_id: number, reason: string | null): Promise<void> =>
  call('retention_hold', { client_id, reason });
export const retentionRestrict = (client_id: number, restricted: boolean): Promise<void> =>
  call('retention_restrict', { client_id, restricted });
export const dossierViewed = (client_id: number): Promise<ViewLine[]> => call('dossier_viewed', { client_id });
