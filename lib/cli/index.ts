export { defineConfig, type TabulaConfig } from './config.js';
