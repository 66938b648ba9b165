package dev.zero.upstream;

/**
 * One requirement of the connection guide, judged from the facts an
 * {@link UpstreamInspector} gathered. Checks are pure: they never touch the database, so each
 * can be reasoned about (and tested) from facts alone.
 */
public interface UpstreamCheck {

	/** The check's id in reports, for example {@code wal-level}. */
	String id();

	CheckResult evaluate(UpstreamFacts facts);

}
