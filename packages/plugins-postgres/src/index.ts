// Public API of @skimmer/plugins-postgres: openStore, the plugin, and the building blocks (executors, migrations, embedded server).
export { default, default as postgresPlugin, postgresPluginConfig } from './plugin.ts';
export type { PostgresPluginConfig } from './plugin.ts';
export { lazyStore } from './lazyStore.ts';
export { openStore, resolveStoreKind, DEFAULT_DATA_DIRS } from './openStore.ts';
export { postgresStoreProvider, storeOptionsSchema } from './postgresStoreProvider.ts';
export type { StoreOptions } from './postgresStoreProvider.ts';
export type { OpenStoreOptions } from './openStore.ts';
export { migrate, readMigrations, migrationsDir } from './migrations.ts';
export type { Migration } from './migrations.ts';
export { pgliteExecutor } from './pgliteExecutor.ts';
export { pgPoolExecutor } from './pgPoolExecutor.ts';
export { startEmbeddedPostgres } from './embeddedServer.ts';
export type { EmbeddedServer } from './embeddedServer.ts';
export { hydrateEmbeddedSymlinks, embeddedBinariesDir } from './embeddedBinaries.ts';
export { StoreError } from './storeError.ts';
export { postUrlRows, urlDomain } from './postUrls.ts';
