/**
 * What every screen may use: the kiosk's config, the content reader and the
 * sync engine. Screens get them from this context (never by importing the
 * store or the engine), so render tests can hand in an in-memory reader and
 * a fake engine.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Hall } from '../../shared/content';
import type { KioskConfig } from '../../shared/kiosk-config';
import type { ContentReader } from '../store/content-reader';
import type { AppliedEvent, SyncEngine, SyncStatus } from '../sync/engine';

/** The sync engine's status as the screens see it. */
export type EngineStatusView = SyncStatus;
export type { AppliedEvent };

/** The part of the sync engine the screens use (start/stop belong to the bootstrap). */
export type EngineView = Pick<SyncEngine, 'status' | 'subscribe' | 'onApplied' | 'serverNow' | 'syncNow'>;

export interface KioskServices {
  config: KioskConfig;
  reader: ContentReader;
  engine: EngineView;
  /**
   * Checks a staff PIN: offline against config.staffPinHash (WebCrypto PBKDF2) when the kiosk has
   * one, else on the server; 'offline' when the server could not be asked.
   */
  verifyStaffPin(pin: string): Promise<boolean | 'offline'>;
  /** false in the console's draft preview: no staff corner, so no PIN is asked and no wrong try counts. */
  staffPanel?: boolean;
  /** Build version shown in the staff panel. */
  appVersion: string;
  /** The hall record as read before the first render, so home paints with it at once. */
  initialHall?: Hall;
}

export const ServicesContext = createContext<KioskServices | null>(null);

export function useServices(): KioskServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesContext.Provider>');
  return services;
}
