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
} from './servers.js';
export { type TestServer, type ThrowawayServerOptions, throwawayServer } from './throwaway-server.js';
