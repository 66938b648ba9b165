package dev.zero.change;

import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.zero.embedded.junit.PostgresExtension;

/**
 * The type round trip against PostgreSQL 15, the oldest version the starter supports.
 */
class RowPostgres15Tests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.builder()
		.version(15)
		.setting("wal_level", "logical")
		.build();

	@Test
	void decodesEveryTypeAsJdbcReadsIt() throws SQLException {
		TypeRoundTrip.run(postgres.database(), "row_types_15", List.of("UTC", "Asia/Kathmandu"));
	}

}
