/**
 * The only door from the page into Rust. Each command the shell offers has one typed function here,
 * and every failure, whatever its origin, arrives as an `IpcError`.
 */
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { t } from './i18n';

/** Mirrors `IpcErrorCode` in `src-tauri/src/ipc_error.rs`. Switch on this, never on `message`. */
export type IpcErrorCode = 'Internal';

export interface IpcError {
  code: IpcErrorCode;
  /** A Dutch sentence that can be shown as it is. */
  message: string;
}

export interface AppInfo {
  name: string;
  version: string;
}

const codes: readonly IpcErrorCode[] = ['Internal'];

function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return codes.includes(code as IpcErrorCode) && typeof message === 'string';
}

/**
 * Calls a command; rejects with an `IpcError` only. Tauri itself rejects with a bare string (for
 * example when a capability does not grant the command): that becomes `Internal`, because the
 * person cannot fix it.
 */
async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isIpcError(error)) throw error;
    console.error(`IPC '${command}' faalde:`, error);
    const internal: IpcError = { code: 'Internal', message: t.errors.internal };
    throw internal;
  }
}

export const appInfo = (): Promise<AppInfo> => call<AppInfo>('app_info');
