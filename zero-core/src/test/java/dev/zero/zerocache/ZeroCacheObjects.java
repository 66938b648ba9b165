package dev.zero.zerocache;

import java.util.List;

import dev.zero.embedded.junit.TestDatabase;

/**
 * What zero-cache with app id {@code zero}, shard 0, owns in a database, as one text: its
 * schemas with their tables and functions, its publications with what they publish, its event
 * triggers and its slots. Comparing two snapshots shows whether anybody touched them.
 */
public final class ZeroCacheObjects {

	private ZeroCacheObjects() {
	}

	public static String snapshot(TestDatabase database) {
		return String.join("\n", List.of(
				database.queryForString("""
						SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ', ' ORDER BY 1)
						  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
						 WHERE n.nspname IN ('zero', 'zero_0', 'zero_0/cdc', 'zero_0/cvr')
						"""),
				database.queryForString("""
						SELECT string_agg(p.pronamespace::regnamespace::text || '.' || p.proname || ':' || md5(p.prosrc), ', '
						                  ORDER BY 1)
						  FROM pg_proc p WHERE p.pronamespace::regnamespace::text IN ('zero', 'zero_0')
						"""),
				database.queryForString("""
						SELECT string_agg(p.pubname || ':' || p.pubinsert || p.pubupdate || p.pubdelete || p.pubtruncate
						                  || p.pubviaroot || ':' || coalesce((SELECT string_agg(pn.pnnspid::regnamespace::text, ',')
						                  FROM pg_publication_namespace pn WHERE pn.pnpubid = p.oid), '')
						                  || ':' || coalesce((SELECT string_agg(pr.prrelid::regclass::text, ',' ORDER BY 1)
						                  FROM pg_publication_rel pr WHERE pr.prpubid = p.oid), ''), ', ' ORDER BY 1)
						  FROM pg_publication p WHERE p.pubname LIKE '\\_zero\\_%' AND p.pubname NOT LIKE '\\_zero\\_spring\\_%'
						"""),
				database.queryForString("""
						SELECT string_agg(evtname || ':' || evtfoid::regproc::text || ':' || evtenabled::text, ', ' ORDER BY 1)
						  FROM pg_event_trigger WHERE evtname LIKE 'zero\\_ddl%'
						"""),
				database.queryForString("""
						SELECT string_agg(slot_name, ', ' ORDER BY 1) FROM pg_replication_slots
						 WHERE slot_name LIKE 'zero\\_0\\_%'
						""")));
	}

}
