/**
 * A kiosk registered for a browser test as an admin would (straight through the fleet service, no
 * console session): its configuration, heartbeat token included, to put in the kiosk's own storage
 * so it starts as a paired kiosk.
 */
import { createFleet } from '../../../src/server/console/fleet/fleet';
import type { ConsoleStore } from '../../../src/server/console/console-store';
import type { ContentStore } from '../../../src/server/store/content-store';

const E2E_ADMIN = {
  id: 'u-e2e',
  username: 'e2e',
  displayName: 'e2e',
  role: 'admin' as const,
  departments: null,
  halls: null,
  disabled: false,
  createdAt: '',
};

export async function registerPairedKiosk(
  server: { store: ContentStore; publicKey: string },
  consoleStore: ConsoleStore,
  kiosk: { id: string; name: string; pollIntervalSeconds: number },
) {
  const fleet = createFleet({ content: server.store, consoleStore, now: () => new Date(), feedPublicKey: async () => server.publicKey });
  const { config } = await fleet.register(E2E_ADMIN, { ...kiosk, hallId: 'hall-county', staffPin: '246813', feedUrl: '/' });
  return config;
}
