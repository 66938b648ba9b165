package dev.zero.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.zero.change.ChangeListener;
import dev.zero.change.TableFilter;
import dev.zero.change.TableName;
import dev.zero.publication.PublicationReport;
import dev.zero.upstream.CheckResult;

/**
 * The {@code listeners} check: whether the listeners get what they asked for. A table a
 * listener names in {@link ChangeListener#tables()} that is not published is a failure (that
 * listener would never see it); no published table at all while listeners exist is a warning.
 * Nothing to say, no check.
 */
final class ListenerCoverage {

	static final String ID = "listeners";

	private ListenerCoverage() {
	}

	static Optional<CheckResult> check(List<ChangeListener> listeners, PublicationReport publications) {
		if (listeners.isEmpty()) {
			return Optional.empty();
		}
		Set<TableName> published = new LinkedHashSet<>();
		publications.publications()
			.forEach((publication) -> publication.tables()
				.forEach((table) -> published.add(new TableName(table.schema(), table.name()))));
		List<String> missing = new ArrayList<>();
		for (ChangeListener listener : listeners) {
			TableFilter filter = listener.tables();
			for (TableName table : filter.tables()) {
				if (!published.contains(table)) {
					missing.add(table + " (asked for by " + name(listener) + ")");
				}
			}
		}
		if (!missing.isEmpty()) {
			return Optional.of(CheckResult.fail(ID, "tables that listeners name in tables() are not published: "
					+ String.join(", ", missing) + "; those listeners would never see them",
					"Publish them: see the replica-identity and publications checks for why they are left out (a "
							+ "table needs a replica identity, the role must own it, its schema must be in "
							+ "zero.publication.schemas or one of zero.app-publications), or fix the listener's tables()."));
		}
		if (published.isEmpty()) {
			return Optional.of(CheckResult.warn(ID, "no table is published, so the " + listeners.size()
					+ " listener(s) receive nothing",
					"Create tables in zero.publication.schemas, or name publications with tables in zero.app-publications."));
		}
		return Optional.empty();
	}

	/**
	 * What a listener says it is when it says (a {@code @ZeroListener} method names its method
	 * and bean), else its class.
	 */
	private static String name(ChangeListener listener) {
		try {
			return (listener.getClass().getMethod("toString").getDeclaringClass() != Object.class)
					? listener.toString() : listener.getClass().getName();
		}
		catch (NoSuchMethodException ex) {
			return listener.getClass().getName();
		}
	}

}
