import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { client, Answer } from '../client';
import type { Lookups } from '../forms/Fields';

/** The signed-in person as the session route answers it. */
export type ConsoleUser = Answer<typeof client.session.$get>['user'];

export interface SessionContextValue {
  user: ConsoleUser;
  lookups: Lookups;
  logout(): Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside the signed-in app');
  return value;
}
