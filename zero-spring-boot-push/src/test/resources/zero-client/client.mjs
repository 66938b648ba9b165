// A real Zero client (@rocicorp/zero, in-memory store) for ZeroMutatorsEndToEndTests: it
// connects to zero-cache (argv[2]) as user "e2e" with an HS256 token signed with
// ZERO_AUTH_SECRET, calls the mutators the Spring application serves and prints what it sees as
// JSON lines on stdout: {"event": ..., ...}. Exits 0 when every step happened, 2 when one timed out.
import {createHmac} from 'node:crypto';
import {createRequire} from 'node:module';
import {schema} from './schema.mjs';

const require = createRequire(process.env.ZERO_HOME + '/node_modules/');
const {Zero, defineMutators, defineMutator, createBuilder} = await import(require.resolve('@rocicorp/zero'));

const STEP_TIMEOUT_MS = 20000;

function print(event) {
	process.stdout.write(JSON.stringify(event) + '\n');
}

function token(userID) {
	const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const unsigned = part({alg: 'HS256', typ: 'JWT'}) + '.' + part({sub: userID, iat: Math.floor(Date.now() / 1000)});
	return unsigned + '.' + createHmac('sha256', process.env.ZERO_AUTH_SECRET).update(unsigned).digest('base64url');
}

// The client's optimistic runs; the server's (the @ZeroMutator methods) are authoritative.
const mutators = defineMutators({
	item: {
		create: defineMutator(async ({tx, args}) => {
			await tx.mutate.item.insert({id: args.id, title: args.title});
		}),
		fail: defineMutator(async ({tx, args}) => {
			await tx.mutate.item.insert({id: args.id, title: args.title});
		}),
	},
});

let rows = [];

async function until(what, condition) {
	const deadline = Date.now() + STEP_TIMEOUT_MS;
	while (!condition()) {
		if (Date.now() > deadline) {
			print({event: 'timeout', what, rows});
			process.exit(2);
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const auth = token('e2e');
const zero = new Zero({cacheURL: process.argv[2], schema, mutators, userID: 'e2e', auth, kvStore: 'mem', logLevel: 'error'});
const view = zero.materialize(createBuilder(schema).item);
view.addListener((current) => {
	rows = structuredClone(current);
});
print({event: 'client', clientID: zero.clientID, clientGroupID: await zero.clientGroupID, auth});

const created = zero.mutate(mutators.item.create({id: 'a', title: 'first'}));
print({event: 'created', client: await created.client, server: await created.server});
// the optimistic row says 'first'; the server's, synced by zero-cache, says something else
await until('the server\'s row', () => rows.some((row) => row.id === 'a' && row.title !== 'first'));
print({event: 'synced', rows});

const failed = zero.mutate(mutators.item.fail({id: 'b', title: 'second'}));
print({event: 'failed', client: await failed.client, server: await failed.server});
await until('the rejected row to go', () => !rows.some((row) => row.id === 'b'));
print({event: 'rolledBack', rows});

view.destroy();
await zero.close();
process.exit(0);
