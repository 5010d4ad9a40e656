/** Which usage event a screen change is: guides, fees and duty have their own, the rest count as screens. */
import type { UsageEventName } from '../../shared/feedback/levels';

export function usageOfPath(pathname: string): { event: UsageEventName; target: string } | null {
  const guide = /^\/guides\/([^/]+)$/.exec(pathname);
  if (guide) return { event: 'guide', target: decodeURIComponent(guide[1]!).slice(0, 80) };
  if (pathname === '/fees') return { event: 'fee', target: '' };
  if (pathname === '/duty') return { event: 'duty', target: '' };
  const screen = pathname.split('/')[1] || 'home';
  return { event: 'screen', target: screen.slice(0, 80) };
}
