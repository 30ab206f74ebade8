/**
 * The matrix's throwaway servers are the test kit's (lib/testing/servers.ts, public through
 * `throwawayServer` in 'tabula-orm/testing'): the project's own test run starts them the same way
 * an application's does.
 */
export {
  findMariadbBinaries,
  findPostgresBinaries,
  freePort,
  isProcessAlive,
  type MariadbOptions,
  type ServerHandle,
  type ServerKind,
  startMariadb,
  startPostgres,
} from '../../lib/testing';
