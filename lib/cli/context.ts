/** What every command needs: the configuration, a connected Tabula, the output, and the exit code. */
import type { Command } from 'commander';
import { Tabula } from '../tabula.js';
import { type ConfigFlags, type LoadedConfig, loadConfig, UsageError } from './config.js';
import { createOutput, type Output } from './output.js';

export interface CommandContext {
  readonly orm: Tabula;
  readonly config: LoadedConfig;
  readonly out: Output;
}

/** The root options every command inherits (`tabula --url … migration up`). */
export interface GlobalFlags extends ConfigFlags {
  readonly color?: boolean | undefined;
}

/** Exit codes: 0 done; 1 an error, or a check that found a problem; 2 a usage mistake. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Runs `fn` with a Tabula opened from the configuration and closes it after; what `fn` returns is
 * the exit code. `needsMappers`
 * refuses early when the configuration has none (schema commands, generate, check).
 */
export async function withOrm(
  command: Command,
  fn: (ctx: CommandContext) => Promise<number | undefined>,
  options: { readonly needsMappers?: boolean } = {},
): Promise<void> {
  const flags = command.optsWithGlobals<GlobalFlags>();
  const out = createOutput({ colour: flags.color });
  const config = await loadConfig(flags);
  const mappers = config.options.mappers ?? [];
  if (options.needsMappers && mappers.length === 0) {
    throw new UsageError(
      `\`tabula ${command.parent?.name()} ${command.name()}\` compares the database with the mappers, and none were given: ` +
        'list them in tabula.config.ts (mappers: [...]) or pass --mappers <module>.',
    );
  }
  const orm = await Tabula.connect({ ...config.options, mappers });
  try {
    process.exitCode = (await fn({ orm, config, out })) ?? EXIT.ok;
  } finally {
    await orm.close();
  }
}
