package dev.zero.change;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A message written to the WAL with {@code pg_logical_emit_message}, for signals that travel
 * in order with the changes (for example "this batch is done").
 *
 * @param xid the id of the transaction that emitted it, 0 for a non-transactional message
 * @param lsn the position of the message
 * @param transactional whether it was emitted as part of a transaction and delivered with that
 * transaction's changes at commit; a non-transactional one is delivered at once, even if its
 * transaction later rolls back
 * @param prefix the prefix, which tells apart the senders of messages
 * @param content the content
 */
public record LogicalMessage(long xid, Lsn lsn, boolean transactional, String prefix, byte[] content) {

	public LogicalMessage {
		Objects.requireNonNull(lsn, "lsn must not be null");
		Objects.requireNonNull(prefix, "prefix must not be null");
		Objects.requireNonNull(content, "content must not be null");
	}

	/** The content decoded as UTF-8. */
	public String contentAsString() {
		return new String(this.content, StandardCharsets.UTF_8);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof LogicalMessage that) && this.xid == that.xid && this.lsn.equals(that.lsn)
				&& this.transactional == that.transactional && this.prefix.equals(that.prefix)
				&& Arrays.equals(this.content, that.content);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.lsn.hashCode() + this.prefix.hashCode()) + Arrays.hashCode(this.content);
	}

	@Override
	public String toString() {
		return "LogicalMessage[xid=" + this.xid + ", lsn=" + this.lsn + ", transactional=" + this.transactional
				+ ", prefix=" + this.prefix + ", content=" + this.content.length + " bytes]";
	}

}
