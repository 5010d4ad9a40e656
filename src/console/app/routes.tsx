/**
 * The console's routes. The root route is the frame (session, header, navigation); each page is a
 * child route and takes its parameters from the URL here, so pages stay plain components.
 */
import { createRootRoute, createRoute, createRouter, useParams } from '@tanstack/react-router';
import { AuditPage } from '../audit/AuditPage';
import { BatchPage } from '../drafts/BatchPage';
import { DraftPage } from '../drafts/DraftPage';
import { InboxPage } from '../drafts/InboxPage';
import { CalendarPage } from '../feedback/CalendarPage';
import { CasePage, CasesPage } from '../feedback/CasesPage';
import { ReportsPage } from '../feedback/ReportsPage';
import { FleetPage } from '../fleet/FleetPage';
import { HistoryPage } from '../history/HistoryPage';
import { ImportPage } from '../imports/ImportPage';
import { PreviewPage } from '../preview/PreviewPage';
import { RecordListPage } from '../records/RecordListPage';
import { RosterPage } from '../roster/RosterPage';
import { BASE, consoleHistory, useLocation } from '../router';
import { AccountPage } from '../users/AccountPage';
import { UsersPage } from '../users/UsersPage';
import { App } from './App';

const rootRoute = createRootRoute({ component: App });

/** A page with no parameters, or one that reads its query through useLocation(). */
const page = (path: string, component: () => preact.JSX.Element) => createRoute({ getParentRoute: () => rootRoute, path, component });

function RecordListRoute() {
  const { type } = useParams({ strict: false });
  return <RecordListPage type={type!} />;
}
function DraftRoute() {
  const { id } = useParams({ strict: false });
  return <DraftPage id={id!} />;
}
function PreviewRoute() {
  const { id } = useParams({ strict: false });
  return <PreviewPage id={id!} />;
}
function BatchRoute() {
  const { id } = useParams({ strict: false });
  return <BatchPage id={id!} />;
}
function HistoryRoute() {
  const { type, id } = useParams({ strict: false });
  return <HistoryPage type={type!} id={id!} />;
}
function CaseRoute() {
  const { id } = useParams({ strict: false });
  return <CasePage id={id!} />;
}
function RosterRoute() {
  return <RosterPage hallId={useLocation().query.get('hall') ?? 'hall-county'} />;
}
function CasesRoute() {
  return <CasesPage query={useLocation().query} />;
}
function CalendarRoute() {
  return <CalendarPage query={useLocation().query} />;
}
function ReportsRoute() {
  return <ReportsPage query={useLocation().query} />;
}

const routeTree = rootRoute.addChildren([
  page('/', InboxPage),
  page('/records/$type', RecordListRoute),
  page('/drafts/$id', DraftRoute),
  page('/drafts/$id/preview', PreviewRoute),
  page('/batches/$id', BatchRoute),
  page('/history/$type/$id', HistoryRoute),
  page('/roster', RosterRoute),
  page('/import', ImportPage),
  page('/audit', AuditPage),
  page('/fleet', FleetPage),
  page('/feedback/cases', CasesRoute),
  page('/feedback/cases/$id', CaseRoute),
  page('/feedback/reports', ReportsRoute),
  page('/feedback/calendar', CalendarRoute),
  page('/users', UsersPage),
  page('/account', AccountPage),
  // The frame (App) draws the setup page itself: it runs before there is a session.
  page('/setup', () => <></>),
  // An unknown console path (an old bookmark) shows the inbox inside the frame, never an error page.
  page('$', InboxPage),
]);

export function createConsoleRouter() {
  return createRouter({
    routeTree,
    history: consoleHistory,
    basepath: BASE,
    scrollRestoration: false,
  });
}
