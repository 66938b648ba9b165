package dev.zero.pgoutput;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Message ({@code 'M'}): the payload of {@code pg_logical_emit_message}, sent only when the
 * stream was started with {@code messages 'true'}. A transactional message arrives inside its
 * transaction's Begin/Commit; a non-transactional one arrives on its own, as soon as it was
 * written.
 *
 * @param transactional whether the message was emitted as part of a transaction
 * @param lsn the LSN of the message
 * @param prefix the prefix given to {@code pg_logical_emit_message}
 * @param content the content, as the bytes given to {@code pg_logical_emit_message}
 */
public record LogicalDecodingMessage(boolean transactional, long lsn, String prefix, byte[] content)
		implements PgOutputMessage {

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof LogicalDecodingMessage that) && this.transactional == that.transactional
				&& this.lsn == that.lsn && this.prefix.equals(that.prefix) && Arrays.equals(this.content, that.content);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * Long.hashCode(this.lsn) + this.prefix.hashCode()) + Arrays.hashCode(this.content);
	}

	@Override
	public String toString() {
		return "LogicalDecodingMessage[transactional=" + this.transactional + ", lsn=" + this.lsn + ", prefix="
				+ this.prefix + ", content=" + this.content.length + " bytes]";
	}

}
