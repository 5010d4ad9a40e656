/** What every demo builder shares: the clock, the seeded randomness and the media collector. */
import type { Scope } from '../../shared/content';
import { shanghaiIso } from './clock';
import { MediaCollector } from './media';
import { createRandom, type Random } from './random';

export interface DemoContext {
  now: Date;
  /** `now` as an instant with +08:00, stamped on every record. */
  updatedAt: string;
  random: Random;
  media: MediaCollector;
}

export const DEMO_SEED = 20261123;

export function createDemoContext(now: Date, seed = DEMO_SEED): DemoContext {
  if (Number.isNaN(now.getTime())) throw new Error('buildDemoDataset: now is not a valid date');
  return { now, updatedAt: shanghaiIso(now), random: createRandom(seed), media: new MediaCollector() };
}

/** The fields every record carries. Demo records start at version 1. */
export function envelope(ctx: DemoContext, id: string, scope: Scope = 'global') {
  return { id, version: 1, updatedAt: ctx.updatedAt, scope };
}

export const hallScope = (hallId: string): Scope => `hall:${hallId}`;
