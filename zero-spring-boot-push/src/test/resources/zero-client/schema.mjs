// The Zero schema of the end-to-end test (ZeroMutatorsEndToEndTests): one table, "item", that
// every client may read. Zero 1.9.0 authorizes ad-hoc (legacy) queries by the permissions
// deployed to the upstream database with zero-deploy-permissions, which reads this module too.
import {createRequire} from 'node:module';

// @rocicorp/zero from zero-cache's install directory (ZERO_HOME), where ZeroCache put it
const require = createRequire(process.env.ZERO_HOME + '/node_modules/');
const {createSchema, table, string, definePermissions, ANYONE_CAN} = await import(require.resolve('@rocicorp/zero'));

const item = table('item').columns({id: string(), title: string()}).primaryKey('id');

export const schema = createSchema({tables: [item], enableLegacyQueries: true});

export const permissions = definePermissions(schema, () => ({item: {row: {select: ANYONE_CAN}}}));
