package dev.zero.benchmarks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import dev.zero.change.Row;

/**
 * The table both benchmarks write and replicate: one column of each type an application
 * typically reads (bigint key, text, numeric, timestamptz, jsonb, boolean), and the publication
 * for it. It also reads a replicated row back the way an application would, through the typed
 * getters, column by column.
 */
final class BenchmarkTable {

	static final String NAME = "bench_item";

	static final String PUBLICATION = "bench_publication";

	/** Rows per transaction when a table is filled for the initial sync. */
	private static final int FILL_ROWS = 100_000;

	private static final String CREATE = """
			CREATE TABLE bench_item (
			    id         bigint PRIMARY KEY,
			    label      text NOT NULL,
			    amount     numeric(12, 2) NOT NULL,
			    created_at timestamptz NOT NULL,
			    payload    jsonb NOT NULL,
			    flag       boolean NOT NULL
			);
			CREATE PUBLICATION bench_publication FOR TABLE bench_item;
			""";

	// One statement per transaction: the backlog is about decoding, not about how fast it was written.
	private static final String INSERT_RANGE = """
			INSERT INTO bench_item
			SELECT g, 'item ' || g, round((g % 100000) * 1.37, 2),
			       timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second',
			       jsonb_build_object('id', g, 'tags', jsonb_build_array('red', 'green'), 'score', g % 97),
			       g % 2 = 0
			  FROM generate_series(?::bigint, ?::bigint) AS g
			""";

	static final String INSERT_ONE = """
			INSERT INTO bench_item
			VALUES (?, 'live ' || ?::text, 12.34, now(), jsonb_build_object('id', ?::bigint, 'live', true), true)
			""";

	private BenchmarkTable() {
	}

	static void create(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(CREATE);
		}
	}

	/**
	 * Inserts {@code transactions} transactions of {@code rows} rows, with keys from 1.
	 * @return the first key not used
	 */
	static long fill(Connection connection, int transactions, int rows) throws SQLException {
		connection.setAutoCommit(true);
		try (PreparedStatement insert = connection.prepareStatement(INSERT_RANGE)) {
			long next = 1;
			for (int i = 0; i < transactions; i++) {
				insert.setLong(1, next);
				insert.setLong(2, next + rows - 1);
				insert.executeUpdate();
				next += rows;
			}
			return next;
		}
	}

	/**
	 * Inserts {@code rows} rows with keys from 1, in transactions of {@value #FILL_ROWS}.
	 */
	static void fill(Connection connection, long rows) throws SQLException {
		connection.setAutoCommit(true);
		try (PreparedStatement insert = connection.prepareStatement(INSERT_RANGE)) {
			for (long next = 1; next <= rows; next += FILL_ROWS) {
				insert.setLong(1, next);
				insert.setLong(2, Math.min(rows, next + FILL_ROWS - 1));
				insert.executeUpdate();
			}
		}
	}

	/**
	 * Reads every column of a row through the typed getters and folds the values into a
	 * number, so that the JIT cannot skip any of the reading.
	 */
	static long read(Row row) {
		long id = row.getLong("id");
		String label = row.getString("label");
		BigDecimal amount = row.getBigDecimal("amount");
		long createdAt = row.getOffsetDateTime("created_at").toEpochSecond();
		String payload = row.getJson("payload");
		boolean flag = row.getBoolean("flag");
		return id + label.length() + amount.intValue() + createdAt + payload.length() + (flag ? 1 : 0);
	}

}
