package dev.zero.debezium;

/**
 * Which of Debezium's two readers a value would have come through: a snapshot's query,
 * whose rows pgjdbc decodes, or pgoutput's stream, whose values Debezium parses itself. They
 * disagree on a few special values (see {@link Infinities}), so a record says which one it
 * stands for.
 */
enum ValueSource {

	/** A snapshot row ({@code op} {@code r}), initial or incremental: read with a query through pgjdbc. */
	SNAPSHOT,

	/** A streamed change: pgoutput's text, parsed by Debezium's own decoder. */
	STREAM

}
