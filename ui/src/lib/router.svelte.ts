/** Which screen of the open vault is shown. One place, so Ctrl+K and links all navigate alike. */
export type Route =
  | { name: 'overview' }
  | { name: 'clients' }
  | { name: 'new-client' }
  | { name: 'client'; id: number; entryId?: number }
  | { name: 'settings' }
  | { name: 'backups' }
  | { name: 'bewaren' }
  | { name: 'invoices' }
  | { name: 'invoice'; id: number };

export const nav = $state<{ route: Route }>({ route: { name: 'overview' } });

export function go(route: Route): void {
  nav.route = route;
}
