package dev.zero.supervisor;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.zero.change.ResetReason;
import dev.zero.change.TableName;
import dev.zero.lifecycle.BackgroundThread;
import dev.zero.lifecycle.ZeroThreads;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationProvisioner;
import dev.zero.publication.PublicationReport;
import dev.zero.publication.PublicationSettings;
import dev.zero.replication.ReplicationWorker;
import dev.zero.shard.ShardId;
import dev.zero.upstream.CheckResult;
import dev.zero.upstream.Provider;
import dev.zero.upstream.Upstream;
import dev.zero.upstream.UpstreamReport;
import dev.zero.upstream.UpstreamValidator;

/**
 * The background worker of one shard. It validates the upstream (again on an interval while
 * it is not ready, so that fixing the database is noticed without a restart, and on a slower
 * one once it is, so that a database that degrades shows before replication breaks), then
 * provisions the publications and keeps them current on the first interval, and starts the
 * replication listener once there is something to replicate. It never blocks the thread that
 * starts it and never throws into it.
 */
public final class ShardSupervisor {

	private static final Logger logger = LoggerFactory.getLogger(ShardSupervisor.class);

	private final ShardId shard;

	private final UpstreamValidator validator;

	private final PublicationSettings publicationSettings;

	private final Duration interval;

	private final Duration readyInterval;

	private final Duration stopTimeout;

	private final Consumer<ShardStatus> statusListener;

	private final @Nullable ReplicationWorker replication;

	private final BackgroundThread background;

	private volatile ShardStatus status;


	/** When the upstream was last validated ({@link System#nanoTime()}). */
	private long validatedAt;

	public ShardSupervisor(ShardId shard, UpstreamValidator validator, PublicationSettings publicationSettings,
			@Nullable ReplicationWorker replication, Duration interval, Duration readyInterval, Duration stopTimeout,
			Consumer<ShardStatus> statusListener) {
		this(shard, validator, publicationSettings, replication, interval, readyInterval, stopTimeout, statusListener,
				ZeroThreads.defaults());
	}

	/**
	 * @param shard the shard
	 * @param validator validates the upstream
	 * @param publicationSettings what to publish
	 * @param replication the replication listener to start once ready, or {@code null} to
	 * validate and provision only
	 * @param interval how often to re-check while not ready, and to keep the publications current
	 * @param readyInterval how often to re-check the upstream once it is ready
	 * @param stopTimeout how long {@link #decommission()} waits for the worker to stop
	 * @param statusListener told of every new status
	 * @param threads where its thread comes from
	 */
	public ShardSupervisor(ShardId shard, UpstreamValidator validator, PublicationSettings publicationSettings,
			@Nullable ReplicationWorker replication, Duration interval, Duration readyInterval, Duration stopTimeout,
			Consumer<ShardStatus> statusListener, ZeroThreads threads) {
		this.shard = shard;
		this.background = new BackgroundThread("zero-" + shard.appId() + "-" + shard.shardNum(), threads);
		this.validator = validator;
		this.publicationSettings = publicationSettings;
		this.replication = replication;
		this.interval = interval;
		this.readyInterval = readyInterval;
		this.stopTimeout = stopTimeout;
		this.statusListener = Objects.requireNonNull(statusListener);
		this.status = new ShardStatus(shard, ShardState.STARTING, null, null, null);
	}

	public ShardId shard() {
		return this.shard;
	}

	/** The shard's status, with the replication listener's as of now. */
	public ShardStatus status() {
		ShardStatus current = this.status;
		return new ShardStatus(current.shard(), current.state(), current.report(), current.publications(),
				(this.replication != null) ? this.replication.status() : null);
	}

	/** The replication listener, or {@code null} when replication is switched off. */
	public @Nullable ReplicationWorker replication() {
		return this.replication;
	}

	/**
	 * Validates and provisions once on the caller's thread and records the result: for
	 * fail-fast startup.
	 */
	public ShardStatus checkNow() {
		step();
		return status();
	}

	/** Starts the worker thread; does nothing when it runs. */
	public void start() {
		this.background.start(this::run);
	}

	/** Stops the worker and waits for it, at most {@code timeout}. */
	public void stop(Duration timeout) {
		this.background.stop(timeout, () -> {
		});
		if (this.replication != null) {
			this.replication.stop();
		}
		if (this.status.state() != ShardState.DECOMMISSIONED) {
			this.status = this.status.with(ShardState.STOPPED);
		}
	}

	public boolean isRunning() {
		return this.background.isRunning();
	}

	/**
	 * Connects the replication listener again when it released every connection (see
	 * {@link ReplicationWorker#wake()}); otherwise does nothing. Thread-safe and cheap enough
	 * for every connection the application takes: a volatile read when not released.
	 */
	public void wake() {
		ReplicationWorker replication = this.replication;
		if (replication != null) {
			replication.wake();
		}
	}

	/**
	 * Asks the replication listener to start replicated state over: listeners get a reset,
	 * every row again, then the stream.
	 * @return whether there is a listener to reset
	 */
	public boolean requestReset() {
		if (this.replication == null) {
			return false;
		}
		this.replication.requestReset(ResetReason.MANUAL);
		return true;
	}

	/**
	 * Re-reads {@code tables} while the stream goes on: listeners get
	 * {@code onResyncStart}, the tables' rows as snapshot inserts in chunks between the
	 * stream's changes, then {@code onResyncComplete}. Tables without a key to read them in
	 * chunks make it a full reset instead, as the answer says.
	 * @param tables published tables, as {@code schema.table} or {@code table} in
	 * {@code public}
	 * @return what was requested
	 * @throws IllegalArgumentException when a name is not a published table
	 * @throws IllegalStateException when replication is switched off
	 * @throws SQLException when the request cannot be recorded upstream
	 */
	public ReplicationWorker.ResyncRequest requestResync(List<String> tables) throws SQLException {
		if (this.replication == null) {
			throw new IllegalStateException("replication is switched off (zero.replication.enabled=false): "
					+ "nothing to re-sync");
		}
		if (tables.isEmpty()) {
			throw new IllegalArgumentException("name at least one table to re-sync, for example "
					+ "POST /actuator/zero/resync/public.todo");
		}
		return this.replication.requestResync(tables.stream().map(TableName::parse).distinct().toList());
	}

	/**
	 * Stops the worker and removes everything the starter created upstream for this shard,
	 * and nothing else. The shard stays stopped until the application restarts.
	 * @return what was removed, and what was left and why
	 */
	public ShardDecommission.Outcome decommission() throws SQLException {
		stop(this.stopTimeout);
		try (Connection connection = this.validator.upstream().connect()) {
			ShardDecommission.Outcome outcome = new ShardDecommission(this.shard,
					(this.replication != null) ? this.replication.settings().slotName() : this.shard.defaultSlotName())
				.run(connection);
			this.status = new ShardStatus(this.shard, ShardState.DECOMMISSIONED, this.status.report(), null, null);
			logger.info("zero shard {} decommissioned: dropped {}{}", this.shard,
					outcome.removed().isEmpty() ? "nothing" : outcome.removed(),
					outcome.left().isEmpty() ? "" : "; left " + outcome.left());
			return outcome;
		}
	}

	private void run() {
		while (isCurrentWorker()) {
			try {
				if (this.replication == null || !this.replication.isReleased()) {
					// while the listener is released, no re-check either: the server may sleep, and
					// the shard stays as ready as it was found
					step();
				}
			}
			catch (RuntimeException ex) {
				logger.error("zero shard {}: unexpected failure, retrying in {}s", this.shard,
						this.interval.toSeconds(), ex);
			}
			if (!this.background.pause(this.interval)) {
				return;
			}
		}
	}

	/**
	 * One round: validate unless the upstream was found ready within the ready interval, then
	 * provision.
	 */
	private void step() {
		ShardStatus current = this.status;
		UpstreamReport report = current.report();
		if (report == null || !report.ready() || current.publications() == null || !current.publications().usable()
				|| System.nanoTime() - this.validatedAt >= this.readyInterval.toNanos()) {
			report = this.validator.validate();
			this.validatedAt = System.nanoTime();
		}
		if (!report.ready()) {
			publish(new ShardStatus(this.shard, ShardState.NOT_READY, report, null, null));
			return;
		}
		PublicationReport publications;
		Optional<CheckResult> oldRows = Optional.empty();
		try (Connection connection = this.validator.upstream().connect()) {
			publications = provisioner(report).provision(connection);
			oldRows = checkOldRows(connection, publications);
		}
		catch (SQLException ex) {
			Upstream upstream = this.validator.upstream();
			publications = new PublicationReport(null, List.of(),
					List.of(CheckResult.fail("publications",
							"provisioning publications failed: " + upstream.explain(ex),
							"See the upstream checks; the starter retries every " + this.interval.toSeconds() + "s.")),
					false, List.of(), null);
			// without usable publications, the next round validates the upstream again
			publish(new ShardStatus(this.shard, ShardState.NOT_READY, report, publications, null));
			return;
		}
		if (this.replication != null && publications.usable()) {
			Optional<CheckResult> listeners = ListenerCoverage.check(this.replication.listeners(), publications);
			if (listeners.isPresent()) {
				publications = publications.withCheck(listeners.get());
			}
			if (oldRows.isPresent()) {
				publications = publications.withCheck(oldRows.get());
			}
		}
		ShardState state = publications.ready() ? ShardState.READY : ShardState.NOT_READY;
		// started first, so that whoever sees the shard ready sees the listener's state too
		if (this.replication != null && publications.usable() && isCurrentWorker()) {
			if (publications.resyncRequired() && this.replication.isRunning()) {
				// the state records the reset too; this ends the session in hand so it happens now
				this.replication.requestReset(ResetReason.PUBLICATIONS_CHANGED);
			}
			this.replication.start(publications.names());
			if (!publications.tablesToResync().isEmpty()) {
				this.replication.resyncRequested();
			}
		}
		publish(new ShardStatus(this.shard, state, report, publications, null));
	}

	/**
	 * The {@code old-rows} check; a catalog that cannot be read (or transactional listeners that
	 * cannot be had yet) leaves it out for this round, since it only warns.
	 */
	private Optional<CheckResult> checkOldRows(Connection connection, PublicationReport publications) {
		if (this.replication == null || !publications.usable()) {
			return Optional.empty();
		}
		try {
			return OldRowCoverage.check(this.replication.allListeners(), publications, connection);
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("zero shard {}: could not read the published tables for the old-rows check", this.shard, ex);
			return Optional.empty();
		}
	}

	private PublicationProvisioner provisioner(UpstreamReport report) {
		boolean eventTriggers = report.check("event-triggers").map((check) -> !check.warned() && !check.failed())
			.orElse(false);
		return new PublicationProvisioner(this.publicationSettings.withSchemaWideRefused(
				report.provider() == Provider.PLANETSCALE, eventTriggers ? DdlDetection.EVENT_TRIGGERS : DdlDetection.RELATION_DIFF));
	}

	private void publish(ShardStatus status) {
		if (!isCurrentWorker() && this.background.isRunning()) {
			return;
		}
		this.status = status;
		try {
			this.statusListener.accept(status());
		}
		catch (RuntimeException ex) {
			logger.warn("A status listener failed", ex);
		}
	}

	private boolean isCurrentWorker() {
		return this.background.isCurrent();
	}

}
