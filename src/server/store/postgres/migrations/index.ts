/** PostgreSQL migrations, in order. Add a version at the end (a module per version); never edit one that shipped. */
import type { Migration } from '../../migrations';
import { sql as initial } from './v001-initial';
import { sql as fleetAndCases } from './v002-fleet-cases';
import { sql as shortLivedState } from './v003-short-lived-state';
import { sql as usageAndCaseAudit } from './v005-usage-case-audit';
import { sql as fleetScreenshotsAlerts } from './v004-fleet-screenshots-alerts';
import { sql as draftBatchRow } from './v006-draft-batch-row';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'fleet-and-cases', sql: fleetAndCases },
  { version: 3, name: 'short-lived-state', sql: shortLivedState },
  { version: 5, name: 'usage-kiosk-daily-case-audit', sql: usageAndCaseAudit },
  { version: 4, name: 'fleet-screenshots-alerts', sql: fleetScreenshotsAlerts },
  { version: 6, name: 'draft-batch-row', sql: draftBatchRow },
];
