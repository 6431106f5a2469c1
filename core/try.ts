import { startEmbeddedPostgres } from './src/db/embedded.ts';
import pg from 'pg';
const e = await startEmbeddedPostgres('/tmp/pn-try');
console.log(e.url);
const c = new pg.Client({ connectionString: e.url }); await c.connect();
console.log((await c.query('select version()')).rows);
await c.end(); await e.stop();
