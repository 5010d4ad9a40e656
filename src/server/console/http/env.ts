import type { Session, User } from '../types';

/** Variables the console middleware puts on the Hono context. */
export interface ConsoleEnv {
  Variables: {
    user: User;
    session: Session;
    /** Set for every console request: may its X-Forwarded-* headers be believed (see trusted-proxies.ts)? */
    forwardedByTrustedProxy: boolean;
  };
}
