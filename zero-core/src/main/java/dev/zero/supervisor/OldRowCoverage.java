package dev.zero.supervisor;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.zero.catalog.ReplicaIdentity;
import dev.zero.catalog.TableColumn;
import dev.zero.catalog.TableModel;
import dev.zero.catalog.TableModels;
import dev.zero.change.ChangeListener;
import dev.zero.publication.PublicationReport;
import dev.zero.replication.OldRowGaps;
import dev.zero.replication.OldRowRequirements;
import dev.zero.upstream.CheckResult;

/**
 * The {@code old-rows} check: whether the published tables' replica identities give the
 * listeners the columns they need in old rows ({@link OldRowRequirements}), as the catalog
 * says. A gap is a warning, with the fix: the listener fails only if such a change comes, and
 * the stream warns again when the table's description arrives. Nothing to say, no check.
 */
final class OldRowCoverage {

	static final String ID = "old-rows";

	private OldRowCoverage() {
	}

	/**
	 * Checks the tables {@code publications} publish; reads the catalog only when a listener
	 * has requirements.
	 */
	static Optional<CheckResult> check(List<ChangeListener> listeners, PublicationReport publications,
			Connection connection) throws SQLException {
		if (listeners.stream().noneMatch(OldRowRequirements.class::isInstance)) {
			return Optional.empty();
		}
		return check(listeners, TableModels.ofPublications(connection, publications.names()));
	}

	static Optional<CheckResult> check(List<ChangeListener> listeners, List<TableModel> tables) {
		List<OldRowGaps> gaps = tables.stream()
			.map((table) -> OldRowGaps.of(listeners, table.table(),
					table.columns().stream().map(TableColumn::name).toList(),
					table.replicaIdentity() == ReplicaIdentity.FULL, identityColumns(table)))
			.filter((gap) -> !gap.isEmpty())
			.toList();
		if (gaps.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(CheckResult.warn(ID,
				gaps.stream().map(OldRowGaps::problem).collect(Collectors.joining("; and ")),
				gaps.stream().map(OldRowGaps::action).collect(Collectors.joining(" "))));
	}

	/** The columns old rows carry when the identity is not FULL; none where UPDATE and DELETE fail anyway. */
	private static List<String> identityColumns(TableModel table) {
		return switch (table.replicaIdentity()) {
			case DEFAULT -> table.primaryKey();
			case INDEX -> table.identityIndex();
			case FULL, NOTHING -> List.of();
		};
	}

}
