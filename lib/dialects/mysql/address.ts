/** Where and as whom a MySQL/MariaDB connection connects: the pool's and the one-off cancel connection's. */
import { stripUndefined } from '../config.js';
import type { MysqlSettings } from './driver.js';

/** mysql2's options are typed exactly: an address part the URL left out is omitted, not undefined. */
export function addressOptions(settings: MysqlSettings) {
  return stripUndefined({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
  });
}
