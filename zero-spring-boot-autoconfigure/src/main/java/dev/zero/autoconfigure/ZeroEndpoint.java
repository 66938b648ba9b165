package dev.zero.autoconfigure;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.zero.deadletter.DeadLetter;
import dev.zero.deadletter.DeadLetterColumn;
import dev.zero.deadletter.DeadLetterReplay;
import dev.zero.publication.PublicationDescriptor;
import dev.zero.publication.PublicationReport;
import dev.zero.publication.PublishedTable;
import dev.zero.replication.ReplicationStatus;
import dev.zero.replication.ReplicationWorker;
import dev.zero.replication.SyncProgress;
import dev.zero.replication.TargetProgress;
import dev.zero.supervisor.ShardStatus;
import dev.zero.supervisor.ShardDecommission;
import dev.zero.supervisor.ShardSupervisor;
import dev.zero.upstream.CheckResult;
import dev.zero.upstream.UpstreamReport;

/**
 * {@code /actuator/zero}: the whole report of the shard, every check with what it found and
 * what to do, the publications in use and the replication listener. Its write operations
 * ({@code reset}, {@code resync}, {@code decommission}, {@code wake},
 * {@code dead-letters/{id}/replay}) are
 * only available when the user grants them:
 * {@code management.endpoint.zero.access=unrestricted}.
 */
@Endpoint(id = "zero", defaultAccess = Access.READ_ONLY)
public class ZeroEndpoint {

	/** At most this many dead letters are listed. */
	private static final int DEAD_LETTERS_LISTED = 100;

	private final ShardSupervisor supervisor;

	private final @Nullable DeadLetterReplay deadLetters;

	public ZeroEndpoint(ShardSupervisor supervisor) {
		this(supervisor, null);
	}

	/**
	 * @param supervisor the shard
	 * @param deadLetters the shard's dead letters, or {@code null}
	 */
	public ZeroEndpoint(ShardSupervisor supervisor, @Nullable DeadLetterReplay deadLetters) {
		this.supervisor = supervisor;
		this.deadLetters = deadLetters;
	}

	@ReadOperation
	public ZeroReport report() {
		ShardStatus status = this.supervisor.status();
		UpstreamReport report = status.report();
		PublicationReport publications = status.publications();
		return new ZeroReport(status.shard().appId(), status.shard().shardNum(), status.state().id(),
				report != null && status.firstFailure().isEmpty(), (report != null) ? report.upstream() : null,
				(report != null && report.provider() != null) ? report.provider().id() : null,
				(report != null && report.provider() != null && !report.provider().note().isEmpty())
						? report.provider().note(idleRelease()) : null,
				(report != null) ? report.serverVersion() : null, (report != null) ? report.walLevel() : null,
				(report != null) ? report.checkedAt() : null,
				status.checks().stream().map(CheckDescriptor::of).toList(),
				(publications != null && publications.mode() != null) ? publications.mode().id() : null,
				publications != null && publications.resyncRequired(),
				(publications != null) ? publications.publications().stream().map(PublicationView::of).toList()
						: List.of(),
				(publications != null && publications.ddlDetection() != null) ? publications.ddlDetection().id() : null,
				(status.replication() != null) ? ReplicationView.of(status.replication()) : null);
	}

	/**
	 * {@code GET /actuator/zero/dead-letters}: the changes listeners gave up on that the
	 * dead-letter table holds, oldest first (at most 100).
	 */
	@ReadOperation
	public List<DeadLetterView> read(@Selector String what) throws SQLException {
		if (!what.equals("dead-letters")) {
			throw new InvalidEndpointRequestException("Unknown part '" + what + "': use dead-letters",
					"Unknown part '" + what + "': use dead-letters");
		}
		return deadLetters().list(DEAD_LETTERS_LISTED).stream().map(DeadLetterView::of).toList();
	}

	/**
	 * {@code POST /actuator/zero/dead-letters/42/replay} calls the listener of dead letter 42
	 * on its change again (on the endpoint's thread, outside any transaction of the starter's)
	 * and deletes the dead letter once the listener returned; when it throws, the dead letter
	 * stays and the result says why.
	 */
	@WriteOperation
	public ActionResult run(@Selector String what, @Selector String id, @Selector String action) throws SQLException {
		if (!what.equals("dead-letters") || !action.equals("replay")) {
			throw new InvalidEndpointRequestException("Unknown action '" + what + "/" + id + "/" + action
					+ "': use dead-letters/{id}/replay", "Unknown action: use dead-letters/{id}/replay");
		}
		long letter;
		try {
			letter = Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			throw new InvalidEndpointRequestException("'" + id + "' is not a dead letter's id", "not an id");
		}
		DeadLetterReplay.Outcome outcome;
		try {
			outcome = deadLetters().replay(letter);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
		DeadLetter replayed = outcome.letter();
		String change = "dead letter " + letter + " (" + replayed.op() + " of " + replayed.table() + " at "
				+ replayed.lsn() + ")";
		if (outcome.error() != null) {
			return new ActionResult("replay", List.of(),
					List.of(change + " kept: " + replayed.listener() + " failed again: " + outcome.error()));
		}
		return new ActionResult("replay", List.of(change + " replayed to " + replayed.listener() + " and deleted"),
				List.of());
	}

	private DeadLetterReplay deadLetters() {
		if (this.deadLetters == null) {
			throw new InvalidEndpointRequestException("this application keeps no dead letters",
					"this application keeps no dead letters");
		}
		return this.deadLetters;
	}

	/**
	 * {@code POST /actuator/zero/reset} starts replicated state over (listeners get a reset,
	 * every row again, then the stream);
	 * {@code POST /actuator/zero/decommission} removes
	 * everything the starter created upstream for this shard and stops it;
	 * {@code POST /actuator/zero/wake} connects a listener that released every connection
	 * ({@code zero.replication.idle-release}) again.
	 */
	@WriteOperation
	public ActionResult run(@Selector String action) throws SQLException {
		return badRequestOn(() -> act(action, null));
	}

	/**
	 * {@code POST /actuator/zero/resync/public.todo,public.todo_list} re-reads those tables
	 * while the stream goes on. (In the path rather than a body, so that the other actions
	 * keep working without one: actuator asks a JSON content type of every operation with a
	 * body.)
	 */
	@WriteOperation
	public ActionResult run(@Selector String action, @Selector String tables) throws SQLException {
		return badRequestOn(() -> act(action, tables));
	}

	private static ActionResult badRequestOn(Action action) throws SQLException {
		try {
			return action.run();
		}
		catch (IllegalArgumentException ex) {
			// 400 Bad Request, with the message
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
	}

	@FunctionalInterface
	private interface Action {

		ActionResult run() throws SQLException;

	}

	private ActionResult act(String action, @Nullable String tables) throws SQLException {
		if (tables != null && !action.equals("resync")) {
			throw new IllegalArgumentException("Unknown action '" + action + "/" + tables + "': only resync names tables");
		}
		return switch (action) {
			case "reset" -> new ActionResult("reset", this.supervisor.requestReset()
					? List.of("reset requested: listeners get a reset, every row, then the stream")
					: List.of("replication is switched off: nothing to reset"), List.of());
			case "resync" -> resync(names((tables != null) ? tables : ""));
			case "wake" -> new ActionResult("wake", List.of(wake()), List.of());
			case "decommission" -> {
				ShardDecommission.Outcome outcome = this.supervisor.decommission();
				yield new ActionResult("decommission", outcome.removed(), outcome.left());
			}
			default -> throw new IllegalArgumentException(
					"Unknown action '" + action + "': use reset, resync, wake or decommission");
		};
	}

	/** {@code zero.replication.idle-release} of the listener, or {@code null}. */
	private @Nullable Duration idleRelease() {
		ReplicationWorker replication = this.supervisor.replication();
		return (replication != null) ? replication.settings().idleRelease() : null;
	}

	/** Connects a listener that released every connection again, saying what it did. */
	private String wake() {
		ReplicationWorker replication = this.supervisor.replication();
		if (replication == null) {
			return "replication is switched off: nothing to wake";
		}
		boolean released = replication.isReleased();
		this.supervisor.wake();
		return released ? "woken: the listener connects again" : "the listener holds its connections: nothing to wake";
	}

	/**
	 * The names in {@code public.todo,public.todo_list}: commas inside double quotes belong to
	 * the name.
	 */
	static List<String> names(String tables) {
		List<String> names = new ArrayList<>();
		StringBuilder name = new StringBuilder();
		boolean quoted = false;
		for (char c : tables.toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
			}
			if (c == ',' && !quoted) {
				names.add(name.toString().strip());
				name.setLength(0);
			}
			else {
				name.append(c);
			}
		}
		names.add(name.toString().strip());
		return names.stream().filter((each) -> !each.isEmpty()).toList();
	}

	private ActionResult resync(List<String> tables) throws SQLException {
		ReplicationWorker.ResyncRequest request = this.supervisor.requestResync(tables);
		if (request.fullReset()) {
			return new ActionResult("resync", List.of("full reset requested: every table is copied again"),
					request.withoutKey().stream()
						.map((table) -> table + ": no primary key or replica identity index to read it in chunks by")
						.toList());
		}
		return new ActionResult("resync",
				request.resyncing().stream().map((table) -> "re-sync of " + table + " requested").toList(), List.of());
	}

	/**
	 * The report as JSON.
	 */
	public record ZeroReport(String appId, int shardNum, String state, boolean ready, @Nullable String upstream,
			@Nullable String provider, @Nullable String providerNote, @Nullable String serverVersion,
			@Nullable String walLevel, @Nullable Instant checkedAt, List<CheckDescriptor> checks,
			@Nullable String publicationMode, boolean resyncRequired, List<PublicationView> publications,
			@Nullable String ddlDetection, @Nullable ReplicationView replication) {

	}

	/**
	 * The replication listener as JSON.
	 */
	public record ReplicationView(String state, String slot, @Nullable String lastCommitLsn,
			@Nullable String flushedLsn, @Nullable Long lagBytes, @Nullable Long retainedWalBytes,
			@Nullable Instant lastEventAt, @Nullable String error, int retries, @Nullable String lastResetReason,
			@Nullable Instant lastResetAt, List<SyncProgress> syncProgress, List<ResyncView> resyncs,
			@Nullable String server, @Nullable Integer timeline, @Nullable String timelineDivergence,
			List<TargetView> targets, @Nullable Instant releasedSince) {

		static ReplicationView of(ReplicationStatus status) {
			return new ReplicationView(status.state().id(), status.slot(),
					(status.lastCommitLsn() != null) ? status.lastCommitLsn().toString() : null,
					(status.flushedLsn() != null) ? status.flushedLsn().toString() : null,
					(status.lagBytes() >= 0) ? status.lagBytes() : null,
					(status.retainedWalBytes() >= 0) ? status.retainedWalBytes() : null, status.lastEventAt(),
					status.error(), status.retries(),
					(status.lastResetReason() != null) ? status.lastResetReason().id() : null, status.lastResetAt(),
					status.syncProgress(), status.resyncProgress().stream().map(ResyncView::of).toList(),
					(status.source() != null) ? status.source().server() : null,
					(status.source() != null) ? status.source().timeline().timeline() : null, status.divergence(),
					status.targets().stream().map(TargetView::of).toList(), status.releasedAt());
		}

	}

	/**
	 * A transactional target's exactly-once progress, as JSON.
	 */
	public record TargetView(String name, @Nullable String committedLsn, @Nullable Long lagBytes) {

		static TargetView of(TargetProgress progress) {
			return new TargetView(progress.target(),
					(progress.committed() != null) ? progress.committed().toString() : null,
					(progress.lagBytes() >= 0) ? progress.lagBytes() : null);
		}

	}

	/**
	 * A table re-read while streaming, as JSON.
	 */
	public record ResyncView(String table, long rows, boolean complete) {

		static ResyncView of(SyncProgress progress) {
			return new ResyncView(progress.table().toString(), progress.rowsCopied(), progress.done());
		}

	}

	/**
	 * One check as JSON.
	 */
	public record CheckDescriptor(String id, String status, String found, String action) {

		static CheckDescriptor of(CheckResult check) {
			return new CheckDescriptor(check.id(), check.status().id(), check.found(), check.action());
		}

	}

	/**
	 * One publication as JSON.
	 */
	public record PublicationView(String name, String mode, String owner, List<PublishedTable> tables) {

		static PublicationView of(PublicationDescriptor publication) {
			return new PublicationView(publication.name(), publication.mode().id(), publication.owner().id(),
					publication.tables());
		}

	}

	/**
	 * A dead letter as JSON (without its stack trace, which the table keeps).
	 */
	public record DeadLetterView(long id, String table, String op, String lsn, long xid, Instant commitTime,
			@Nullable List<DeadLetterColumn> row, @Nullable List<DeadLetterColumn> old, String listener, String error,
			int attempts, @Nullable Instant createdAt) {

		static DeadLetterView of(DeadLetter letter) {
			return new DeadLetterView(letter.id(), letter.table().toString(), letter.op().toString(),
					letter.lsn().toString(), letter.xid(), letter.commitTime(), letter.row(), letter.old(),
					letter.listener(), letter.error(), letter.attempts(), letter.createdAt());
		}

	}

	/**
	 * What an action did.
	 */
	public record ActionResult(String action, List<String> done, List<String> left) {

	}

}
