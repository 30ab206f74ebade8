import type { DialectCapabilities } from '../../../lib/sql/capabilities';
import type { DialectName } from '../../support/matrix';

const ALL = {
  hasReturning: true,
  hasUpdateReturning: true,
  hasDeleteReturning: true,
  supportsRowLocks: true,
  supportsSkipLocked: true,
  supportsNowait: true,
  maxPacketBytes: Number.POSITIVE_INFINITY,
  insertIdStep: 1,
  consecutiveInsertIds: true,
  streamsStatementRows: true,
};

/** Capabilities as the brief fixes them for tests: PostgreSQL and SQLite all true, MariaDB 10.11. */
export const TEST_CAPABILITIES: Record<DialectName, DialectCapabilities> = {
  postgres: { ...ALL, serverVersion: '15.18', maxBindParameters: 65_535 },
  sqlite: { ...ALL, serverVersion: '3.52.0', maxBindParameters: 32_766 },
  mysql: {
    ...ALL,
    serverVersion: '10.11.19-MariaDB',
    hasUpdateReturning: false,
    maxBindParameters: 65_535,
    maxPacketBytes: 16 * 1024 * 1024,
  },
};
