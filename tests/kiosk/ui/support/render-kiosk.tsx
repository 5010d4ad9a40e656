/** Renders the whole kiosk app (router included) into happy-dom with an in-memory reader. */
import { createMemoryHistory } from '@tanstack/react-router';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import { KioskApp } from '../../../../src/kiosk/app/App';
import type { KioskServices } from '../../../../src/kiosk/app/services';
import type { KioskConfig } from '../../../../src/shared/kiosk-config';
import { FakeEngine } from './fake-engine';
import { allFixtures, NOW } from './fixtures';
import { MemoryReader } from './memory-reader';

export const testConfig: KioskConfig = {
  kioskId: 'kiosk-county-1',
  hallId: 'hall-county',
  feedUrl: '/',
  feedPublicKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  pollIntervalSeconds: 30,
  idleTimeoutSeconds: 90,
  languages: ['zh-Hans', 'zh-Hant', 'en'],
  staffPinHash: 'pbkdf2-sha256$1000$c2FsdA==$aGFzaA==',
  theme: 'default',
};

export interface Rendered {
  container: HTMLElement;
  reader: MemoryReader;
  engine: FakeEngine;
  history: ReturnType<typeof createMemoryHistory>;
  text(): string;
  /** Waits until `predicate` holds (lazy chunks and reads are async). */
  until(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  click(el: Element | null | undefined): Promise<void>;
  unmount(): void;
}

export async function renderKiosk(
  options: { path?: string; records?: unknown[]; config?: Partial<KioskConfig>; engine?: FakeEngine; pin?: string } = {},
): Promise<Rendered> {
  const reader = new MemoryReader(options.records ?? allFixtures());
  const engine = options.engine ?? new FakeEngine(NOW);
  const history = createMemoryHistory({ initialEntries: [options.path ?? '/'] });
  const services: KioskServices = {
    config: { ...testConfig, ...options.config },
    reader,
    engine,
    verifyStaffPin: async (pin) => pin === (options.pin ?? '2468'),
    appVersion: 'test',
  };
  const container = document.createElement('div');
  document.body.appendChild(container);
  await act(async () => {
    render(<KioskApp services={services} history={history} />, container);
  });
  const rendered: Rendered = {
    container,
    reader,
    engine,
    history,
    text: () => container.textContent ?? '',
    async until(predicate, what, timeoutMs = 3000) {
      // performance.now() stays real when a test fakes Date and timers.
      const start = performance.now();
      while (!predicate()) {
        if (performance.now() - start > timeoutMs)
          throw new Error(`timed out waiting for ${what}; screen text: ${container.textContent?.slice(0, 600)}`);
        await act(async () => {
          // Under fake timers the test moves the clock itself; here only real work (imports, reads) may finish.
          if (vi.isFakeTimers()) {
            await vi.advanceTimersByTimeAsync(0);
            await new Promise((r) => setImmediate(r));
          } else await new Promise((r) => setTimeout(r, 10));
        });
      }
    },
    async click(el) {
      if (!el) throw new Error('nothing to click');
      await act(async () => {
        (el as HTMLElement).click();
      });
    },
    unmount() {
      render(null, container);
      container.remove();
    },
  };
  return rendered;
}
