/** The logo and print commands (src-tauri/src/commands_billing_pdf.rs), typed. */
import { call } from './ipc';

export interface LogoInfo {
  media_type: string;
  width_px: number;
  height_px: number;
  size_bytes: number;
  /** The picture as a data: URL, for the preview. */
  data_url: string;
}

export interface Printers {
  printers: string[];
  default: string | null;
}

export const practiceLogoGet = () => call<LogoInfo | null>('practice_logo_get');
export const practiceLogoChoose = () => call<LogoInfo | null>('practice_logo_choose');
export const practiceLogoClear = () => call<boolean>('practice_logo_clear');
export const printersList = () => call<Printers>('printers_list');
export const invoicePrint = (id: number, printer: string, copies: number) =>
  call<void>('invoice_print', { invoice_id: id, printer, copies });
