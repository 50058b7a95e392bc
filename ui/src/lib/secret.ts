/**
 * Typed secrets (passphrases, recovery codes) never sit in the page's state. Their fields are not
 * bound to any variable; on submit each is read once and emptied at once, and the text goes straight
 * into the command to Rust, where it arrives in memory that is wiped after use. Reactive state holds
 * only what the screen needs to know about a field: whether it is empty, how strong it looks.
 *
 * JavaScript cannot wipe a string; what is left of one in the page's heap goes with the page, which
 * Rust replaces (with its web process) whenever the vault locks.
 */

/** Reads the fields with these ids and empties all of them, whatever happens next. */
export function takeSecrets(...ids: string[]): string[] {
  return ids.map((id) => {
    const input = document.getElementById(id);
    if (!(input instanceof HTMLInputElement)) return '';
    const value = input.value;
    input.value = '';
    return value;
  });
}
