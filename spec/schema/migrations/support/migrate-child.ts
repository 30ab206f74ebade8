/**
 * A second process for the lock test: connects to argv[2], applies the migrations of argv[3] and
 * prints the names it applied as JSON on its last line.
 */
import { connect } from '../../../../lib/dialects/connect';
import { MetadataRegistry } from '../../../../lib/mapping';
import { Migrator } from '../../../../lib/schema';

async function main(): Promise<void> {
  const [url, folder] = process.argv.slice(2) as [string, string];
  const db = await connect(url);
  try {
    const applied = await new Migrator(db, new MetadataRegistry([]), { folder }).up();
    console.log(JSON.stringify(applied));
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
