/**
 * One search service per kiosk page, created the first time the search
 * screen opens (the search code is a lazy chunk) and kept for the rest of
 * the page's life so later visits find the index warm and following the feed.
 */
import type { KioskServices } from '../app/services';
import { createSearchService, type SearchService } from './service';

let current: { reader: unknown; service: SearchService } | null = null;

export function kioskSearchService(services: Pick<KioskServices, 'reader' | 'engine'>): SearchService {
  if (current && current.reader === services.reader) return current.service;
  current?.service.dispose();
  const service = createSearchService({
    reader: services.reader,
    currentCursor: () => services.engine.status().cursor,
    onApplied: (fn) => services.engine.onApplied(fn),
  });
  current = { reader: services.reader, service };
  return service;
}
