export { SchemaManager, toTableDescription } from './schema-manager.js';
