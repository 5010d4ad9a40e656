import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Lookups } from '../forms/Fields';

export interface ConsoleUser {
  id: string;
  username: string;
  displayName: string;
  role: 'editor' | 'reviewer' | 'admin';
  departments: string[] | null;
  halls: string[] | null;
}

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
