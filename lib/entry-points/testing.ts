/**
 * 'tabula-orm/testing': testing an application built on Tabula, with mocha, node:test or any
 * runner — throwaway database servers for a test run (`throwawayServer`).
 */
export {
  type ServerHandle,
  type ServerKind,
  type TestServer,
  type ThrowawayServerOptions,
  throwawayServer,
} from '../testing/index.js';
