/** Session bootstrap and the page frame (header, navigation); the page itself is the matched route (routes.tsx). */
import { useEffect, useState } from 'preact/hooks';
import { setCsrfToken, whenUnauthenticated } from '../client';
import { call, client } from '../client';
import { PendingStepPage, type PendingStep } from '../account/PendingStepPage';
import { LoginPage } from '../auth/LoginPage';
import { SetupPage } from '../auth/SetupPage';
import type { Lookups } from '../forms/Fields';
import { Outlet } from '@tanstack/react-router';
import { linkProps, navigate, useLocation } from '../router';
import { ROLE_NAMES, TYPE_NAMES } from '../format';
import { SessionContext, type ConsoleUser } from './session';
import type { Department, Hall } from '../../shared/content';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; expired?: boolean }
  | { kind: 'pending'; user: ConsoleUser; step: PendingStep }
  | { kind: 'signed-in'; user: ConsoleUser; lookups: Lookups };

async function loadLookups(): Promise<Lookups> {
  const list = (type: 'department' | 'hall') =>
    call(client.records[':type'].$get({ param: { type }, query: { pageSize: '500' } })).then((r) =>
      r.records.map(({ record }) => record as Department | Hall),
    );
  const [departments, halls] = await Promise.all([list('department'), list('hall')]);
  const isServiceHall = (record: Department | Hall) => 'kind' in record && record.kind === 'service-hall';
  return {
    departments: departments.map((r) => ({ value: r.id, label: r.name })),
    // Service halls before village points, so a form's first choice is the county hall, not whichever name sorts first.
    halls: [...halls].sort((a, b) => Number(!isServiceHall(a)) - Number(!isServiceHall(b))).map((r) => ({ value: r.id, label: r.name })),
  };
}

export function App() {
  const loc = useLocation();
  const [state, setState] = useState<State>({ kind: 'loading' });

  const signedIn = async (user: ConsoleUser, csrfToken: string, pending: PendingStep | null) => {
    setCsrfToken(csrfToken);
    // A forced step (new password, two-factor for admins) comes before anything else loads.
    if (pending) return setState({ kind: 'pending', user, step: pending });
    setState({ kind: 'signed-in', user, lookups: await loadLookups() });
  };
  const reloadSession = () =>
    call(client.session.$get())
      .then((s) => signedIn(s.user, s.csrfToken, s.pending ?? null))
      .catch(() => setState({ kind: 'signed-out' }));

  useEffect(() => {
    whenUnauthenticated(() => setState({ kind: 'signed-out', expired: true }));
    void reloadSession();
  }, []);

  useEffect(() => {
    const titles: [string, string][] = [
      ['/drafts', '编辑草稿'],
      ['/batches', '导入批次'],
      ['/history', '版本历史'],
      ['/records', '内容'],
      ['/roster', '值班表'],
      ['/import', '导入导出'],
      ['/audit', '审计日志'],
      ['/fleet', '终端'],
      ['/feedback/cases', '好差评'],
      ['/feedback/reports', '报表'],
      ['/feedback/calendar', '节假日安排'],
      ['/users', '账号'],
      ['/account', '修改密码'],
    ];
    const t = titles.find(([p]) => loc.path.startsWith(p))?.[1] ?? '待办';
    document.title = `${t} — 政务公开内容管理`;
  }, [loc.path]);

  if (loc.path === '/setup') return <SetupPage token={loc.query.get('token') ?? ''} onDone={signedIn} />;
  if (state.kind === 'loading')
    return (
      <main class="page">
        <p role="status">正在载入…</p>
      </main>
    );
  if (state.kind === 'signed-out') return <LoginPage expired={!!state.expired} onSignedIn={signedIn} />;

  const logout = async () => {
    await call(client.logout.$post()).catch(() => undefined);
    setState({ kind: 'signed-out' });
    navigate('/', true);
  };
  if (state.kind === 'pending')
    return (
      <PendingStepPage
        step={state.step}
        username={state.user.username}
        onDone={() => void reloadSession()}
        onLogout={() => void logout()}
      />
    );
  const { user } = state;
  const nav: [string, string][] = [
    ['/', '待办'],
    ['/records/guide', TYPE_NAMES.guide!],
    ['/records/fee', TYPE_NAMES.fee!],
    ['/records/official', TYPE_NAMES.official!],
    ['/records/notice', TYPE_NAMES.notice!],
    ['/records/lexicon', TYPE_NAMES.lexicon!],
    ['/roster', '值班表'],
    ['/import', '导入导出'],
    ['/audit', '审计日志'],
    ['/fleet', '终端'],
    ['/feedback/cases', '好差评'],
    ['/feedback/reports', '报表'],
    ...(user.role === 'admin'
      ? ([
          ['/feedback/calendar', '节假日安排'],
          ['/records/hall', '大厅'],
          ['/records/department', '部门'],
          ['/users', '账号'],
        ] as [string, string][])
      : []),
  ];
  const isCurrent = (p: string) => (p === '/' ? loc.path === '/' : loc.path.startsWith(p));

  return (
    <SessionContext.Provider value={{ user, lookups: state.lookups, logout }}>
      <a class="skip-link" href="#main">
        跳到主要内容
      </a>
      <header class="header">
        <div class="header-inner">
          <span class="header-title">政务公开内容管理</span>
          <span class="header-user">
            {user.displayName}（{ROLE_NAMES[user.role]}
            {user.departments
              ? `，${user.departments.map((d) => state.lookups.departments.find((x) => x.value === d)?.label ?? d).join('、')}`
              : ''}
            ）
            <a class="header-link" {...linkProps('/account')}>
              修改密码
            </a>
            <button type="button" class="button button--header" onClick={() => void logout()}>
              退出登录
            </button>
          </span>
        </div>
        <nav class="nav" aria-label="主导航">
          <ul>
            {nav.map(([path, label]) => (
              <li key={path}>
                <a {...linkProps(path)} aria-current={isCurrent(path) ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main class="page" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </SessionContext.Provider>
  );
}
