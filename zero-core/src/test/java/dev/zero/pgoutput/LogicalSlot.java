package dev.zero.pgoutput;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.zero.embedded.junit.TestDatabase;

/**
 * A logical replication slot using pgoutput, read through the SQL functions so that tests get
 * exactly the bytes a replication stream would carry, one message per row. Closing it drops the
 * slot.
 */
public final class LogicalSlot implements AutoCloseable {

	private static final String OPTIONS = "'proto_version', '1', 'publication_names', ?, 'messages', 'true'";

	private final TestDatabase database;

	private final String name;

	private final String publication;

	private LogicalSlot(TestDatabase database, String name, String publication) {
		this.database = database;
		this.name = name;
		this.publication = publication;
	}

	/** Creates a pgoutput slot; the publication must exist before the changes to read. */
	public static LogicalSlot create(TestDatabase database, String name, String publication) {
		database.execute("SELECT pg_create_logical_replication_slot('" + name + "', 'pgoutput')");
		return new LogicalSlot(database, name, publication);
	}

	/** The pending messages, consuming them, decoded in a session with the server's TimeZone. */
	public List<Entry> take() {
		return read("pg_logical_slot_get_binary_changes", null);
	}

	/**
	 * The pending messages without consuming them, decoded in a session whose
	 * {@code TimeZone} is {@code timeZone}: pgoutput prints {@code timestamptz} values in it.
	 */
	public List<Entry> peek(String timeZone) {
		return read("pg_logical_slot_peek_binary_changes", timeZone);
	}

	/** The pending messages, consumed and decoded. */
	public List<PgOutputMessage> takeDecoded(PgOutputDecoder decoder) {
		return take().stream().map((entry) -> decoder.decode(entry.data())).toList();
	}

	private List<Entry> read(String function, String timeZone) {
		try (Connection connection = this.database.connect()) {
			if (timeZone != null) {
				try (PreparedStatement set = connection.prepareStatement("SELECT set_config('TimeZone', ?, false)")) {
					set.setString(1, timeZone);
					set.execute();
				}
			}
			try (PreparedStatement select = connection
				.prepareStatement("SELECT lsn::text, data FROM " + function + "(?, NULL, NULL, " + OPTIONS + ")")) {
				select.setString(1, this.name);
				select.setString(2, this.publication);
				List<Entry> messages = new ArrayList<>();
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						String[] lsn = rows.getString(1).split("/");
						messages.add(new Entry((Long.parseLong(lsn[0], 16) << 32) | Long.parseLong(lsn[1], 16),
								rows.getBytes(2)));
					}
				}
				return messages;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Reading slot " + this.name + " failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * One message with the WAL position a replication stream would report for it (the start of
	 * the change's record; the end of the transaction for a Commit).
	 *
	 * @param lsn the position
	 * @param data the message
	 */
	public record Entry(long lsn, byte[] data) {

	}

	@Override
	public void close() {
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_drop_replication_slot('" + this.name + "')");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Dropping slot " + this.name + " failed: " + ex.getMessage(), ex);
		}
	}

}
