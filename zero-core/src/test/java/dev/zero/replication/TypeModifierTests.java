package dev.zero.replication;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.change.Column;
import dev.zero.change.Insert;
import dev.zero.change.TableName;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.publication.DdlDetection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows carry their columns' type modifiers however they were read: copied by the initial sync,
 * streamed (from the Relation message) and re-read by a re-sync, each the same.
 */
class TypeModifierTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	@Test
	void copiedStreamedAndReReadRowsCarryTheSameTypeModifiers() throws Exception {
		TestDatabase database = postgres.database();
		database.execute("CREATE DOMAIN amount AS numeric(5,1)",
				"CREATE TABLE priced (id bigint PRIMARY KEY, price numeric(10,2), at timestamp(3), code varchar(20), "
						+ "plain numeric, d amount)",
				"INSERT INTO priced VALUES (1, 1.5, '2024-01-01 10:00:00.123', 'a', 1, 1)",
				"CREATE PUBLICATION priced_pub FOR TABLE priced");
		Shards.provision(database, "typmod", DdlDetection.RELATION_DIFF, "priced_pub");
		ConvergedView view = new ConvergedView();
		ReplicationWorker worker = Shards.worker(database, "typmod",
				new ReplicationSettings("typmod", Duration.ofSeconds(1), false, Duration.ofSeconds(5), true, 1, true),
				() -> List.of(view), ReplicationMetrics.NONE);
		try {
			worker.start(List.of("priced_pub"));
			await().atMost(Duration.ofSeconds(60)).until(() -> worker.status().state() == ReplicationState.STREAMING);
			database.execute("INSERT INTO priced VALUES (2, 2.5, '2024-01-02 10:00:00', 'b', 2, 2)");
			await().atMost(Duration.ofSeconds(30)).until(() -> inserts(view).size() == 2);
			assertThat(worker.requestResync(List.of(new TableName("public", "priced"))).fullReset()).isFalse();
			await().atMost(Duration.ofSeconds(30)).until(() -> inserts(view).size() == 4);
			List<Insert> inserts = inserts(view);
			assertThat(inserts).extracting(Insert::snapshot).containsExactly(true, false, true, true);
			// a domain's column has none of its own: pgoutput sends -1, and so does the model
			Map<String, Integer> expected = Map.of("id", -1, "price", ((10 << 16) | 2) + 4, "at", 3, "code", 24,
					"plain", -1, "d", -1);
			assertThat(inserts).allSatisfy((insert) -> assertThat(modifiers(insert)).isEqualTo(expected));
		}
		finally {
			worker.stop();
			database.execute("SELECT pg_drop_replication_slot('typmod')");
		}
	}

	private static List<Insert> inserts(ConvergedView view) {
		return view.events.stream()
			.filter(Insert.class::isInstance)
			.map(Insert.class::cast)
			.filter((insert) -> insert.table().name().equals("priced"))
			.toList();
	}

	private static Map<String, Integer> modifiers(Insert insert) {
		Map<String, Integer> modifiers = new LinkedHashMap<>();
		for (Column column : insert.row().columns()) {
			modifiers.put(column.name(), column.typeModifier());
		}
		return modifiers;
	}

}
