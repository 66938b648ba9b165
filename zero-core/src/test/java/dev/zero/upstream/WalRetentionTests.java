package dev.zero.upstream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;

import static dev.zero.upstream.Validation.check;
import static org.assertj.core.api.Assertions.assertThat;

class WalRetentionTests {

	@RegisterExtension
	static final PostgresExtension bounded = PostgresExtension.builder()
		.setting("wal_level", "logical")
		.setting("max_slot_wal_keep_size", "1MB")
		.setting("max_wal_size", "32MB")
		.setting("min_wal_size", "32MB")
		.dedicated()
		.build();

	@Test
	void boundedWalKeepSizeWarnsThatItIsForDevelopment() {
		CheckResult retention = check(Validation.asAdmin(bounded.database()), "wal-retention");
		assertThat(retention.status()).isEqualTo(CheckStatus.WARN);
		assertThat(retention.found()).contains("max_slot_wal_keep_size is 1 MB")
			.contains("invalidated and re-synced from scratch");
		assertThat(retention.action()).contains("Fine for development databases")
			.contains("ALTER SYSTEM RESET max_slot_wal_keep_size;");
	}

	@Test
	void invalidatedSlotOfOursSaysWhatWillHappen() {
		TestDatabase database = bounded.database();
		database.execute("SELECT pg_create_logical_replication_slot('zero_spring_0', 'pgoutput')",
				"CREATE TABLE filler (payload text)");
		try {
			for (int i = 0; i < 4; i++) {
				database.execute("INSERT INTO filler SELECT repeat('x', 1000) FROM generate_series(1, 20000)",
						"SELECT pg_switch_wal()");
			}
			database.execute("CHECKPOINT");
			assertThat(database.queryForString("SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'zero_spring_0'"))
				.isEqualTo("lost");
			CheckResult retention = check(Validation.asAdmin(database), "wal-retention");
			assertThat(retention.status()).isEqualTo(CheckStatus.WARN);
			assertThat(retention.found()).contains("slot zero_spring_0 was invalidated (wal_status lost)");
			assertThat(retention.action()).contains("drops the slot, creates a new one and re-syncs from scratch");
		}
		finally {
			database.execute("SELECT pg_drop_replication_slot('zero_spring_0')");
		}
	}

}
