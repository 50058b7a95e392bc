import { nl, type Messages } from './nl';

/** The texts in the person's language. Only Dutch exists yet. */
export const t: Messages = nl;
