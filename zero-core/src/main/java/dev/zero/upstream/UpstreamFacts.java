package dev.zero.upstream;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link UpstreamInspector} read from the upstream in one visit: settings, the role's
 * rights, replication capacity, publications, and the outcome of the probes it ran. Checks
 * judge these facts and nothing else.
 *
 * @param server the server and its settings
 * @param role the connecting role and its rights
 * @param capacity replication slots and WAL senders
 * @param publications what the starter needs to know to publish tables
 * @param probes the outcome of trying things out
 * @param provider the detected provider and the markers that gave it away
 * @param address where the connection went, as configured
 * @param settings what the checks were asked to look for
 * @param failover what a promotion of a standby would keep of the shard's slot
 */
public record UpstreamFacts(Server server, Role role, Capacity capacity, Publications publications, Probes probes,
		DetectedProvider provider, Address address, InspectionSettings settings, Failover failover) {

	/**
	 * The configured address of the upstream.
	 *
	 * @param host the host in the URL
	 * @param port the port in the URL
	 * @param sslMode the URL's {@code sslmode}, or {@code null} for the driver's default
	 */
	public record Address(@Nullable String host, int port, @Nullable String sslMode) {

	}

	/**
	 * @param versionNum {@code server_version_num}, for example {@code 170002}
	 * @param version {@code server_version}, for example {@code 17.2}
	 * @param banner {@code version()}
	 * @param walLevel {@code effective_wal_level} where the server has it, else
	 * {@code wal_level}
	 * @param maxSlotWalKeepSizeMb {@code max_slot_wal_keep_size} in MB, -1 when unlimited
	 * @param database the database name
	 * @param databaseBytes {@code pg_database_size} of it
	 * @param ssl whether this connection is encrypted
	 * @param sslVersion the TLS version, or {@code null}
	 * @param timeouts the non-zero session timeouts that apply to this role, with their source
	 */
	public record Server(int versionNum, String version, String banner, String walLevel, long maxSlotWalKeepSizeMb,
			String database, long databaseBytes, boolean ssl, @Nullable String sslVersion, List<Timeout> timeouts) {

		public int major() {
			return this.versionNum / 10000;
		}

	}

	/**
	 * A timeout setting in force for this role's sessions.
	 *
	 * @param name for example {@code statement_timeout}
	 * @param milliseconds its value
	 * @param source where it is set ({@code pg_settings.source}: {@code user},
	 * {@code database}, {@code database user}, {@code configuration file}, ...)
	 */
	public record Timeout(String name, long milliseconds, String source) {

	}

	/**
	 * @param name {@code current_user}
	 * @param superuser {@code rolsuper}
	 * @param replication {@code rolreplication}
	 * @param memberOf the provider roles (such as {@code rds_replication}) this role belongs to
	 * @param createOnDatabase whether it has CREATE on the database
	 */
	public record Role(String name, boolean superuser, boolean replication, Set<String> memberOf,
			boolean createOnDatabase) {

	}

	/**
	 * @param maxReplicationSlots {@code max_replication_slots}
	 * @param otherSlots the slots that are not this shard's
	 * @param ourSlot this shard's slot, or {@code null} when it does not exist yet
	 * @param maxWalSenders {@code max_wal_senders}
	 * @param walSendersInUse WAL senders running now
	 */
	public record Capacity(int maxReplicationSlots, List<Slot> otherSlots, @Nullable Slot ourSlot, int maxWalSenders,
			int walSendersInUse) {

	}

	/**
	 * A replication slot.
	 *
	 * @param name its name
	 * @param active whether a process is using it
	 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost}
	 * (null on servers without it)
	 * @param usable whether the shard could read it: a logical {@code pgoutput} slot of the
	 * connection's database
	 * @param describe what it is, for example {@code logical slot of database app with plugin wal2json}
	 */
	public record Slot(String name, boolean active, @Nullable String walStatus, boolean usable, String describe) {

	}

	/**
	 * @param appPublications the configured publications that exist
	 * @param missingAppPublications the configured publications that do not exist
	 * @param defaultPublicationExists whether the default publication exists already
	 * @param missingSchemas configured schemas that do not exist
	 * @param tables the tables in the configured schemas
	 * @param otherCase for a missing publication, the existing one whose name differs only in case
	 */
	public record Publications(List<String> appPublications, List<String> missingAppPublications,
			boolean defaultPublicationExists, List<String> missingSchemas, List<Table> tables,
			Map<String, String> otherCase) {

		public Publications {
			otherCase = Map.copyOf(otherCase);
		}

	}

	/**
	 * A table in one of the configured schemas.
	 *
	 * @param schema its schema
	 * @param name its name
	 * @param owned whether the connecting role owns it (directly or through a role)
	 */
	public record Table(String schema, String name, boolean owned) {

	}

	/**
	 * The outcome of trying things out, each in a transaction that is rolled back.
	 *
	 * @param replicationConnection opening a replication connection and running
	 * {@code IDENTIFY_SYSTEM}
	 * @param eventTriggers creating an event trigger
	 * @param schemaPublication creating the default publication {@code FOR TABLES IN SCHEMA}
	 * @param tablePublication creating the default publication {@code FOR TABLE} with the owned
	 * tables
	 */
	public record Probes(Probe replicationConnection, Probe eventTriggers, Probe schemaPublication,
			Probe tablePublication) {

	}

	/**
	 * What happened when something was tried: it worked (with what it showed), it failed (with
	 * the server's message), or it was not tried (with why).
	 */
	public record Probe(Outcome outcome, String detail) {

		public enum Outcome {

			SUCCEEDED, FAILED, NOT_TRIED

		}

		public static Probe succeeded(String detail) {
			return new Probe(Outcome.SUCCEEDED, detail);
		}

		public static Probe failed(String message) {
			return new Probe(Outcome.FAILED, message);
		}

		public static Probe notTried(String why) {
			return new Probe(Outcome.NOT_TRIED, why);
		}

		public boolean succeeded() {
			return this.outcome == Outcome.SUCCEEDED;
		}

		public boolean failed() {
			return this.outcome == Outcome.FAILED;
		}

	}

	/**
	 * What a promotion of a standby would keep of the shard's slot: the slot's
	 * {@code failover} flag, the primary's {@code synchronized_standby_slots}, and the other
	 * hosts of a multi-host URL with their copies of the slot.
	 *
	 * @param ourSlotFailover the {@code failover} flag of the shard's slot (17+), or
	 * {@code null} when the slot does not exist yet or the server has no such flag
	 * @param synchronizedStandbySlots the physical slots named by
	 * {@code synchronized_standby_slots} (17+), empty when it is not set
	 * @param standbySlots what each of those names is on this server, in the same order
	 * @param physicalSlots the number of physical slots on this server: standbys that stream
	 * from it through a slot
	 * @param otherHosts the hosts of the URL other than the one connected to, in URL order
	 */
	public record Failover(@Nullable Boolean ourSlotFailover, List<String> synchronizedStandbySlots,
			List<StandbySlot> standbySlots, int physicalSlots, List<OtherHost> otherHosts) {

		public Failover {
			synchronizedStandbySlots = List.copyOf(synchronizedStandbySlots);
			standbySlots = List.copyOf(standbySlots);
			otherHosts = List.copyOf(otherHosts);
		}

		/** Nothing seen: no flag, no setting, no standby, no other host. */
		public static Failover none() {
			return new Failover(null, List.of(), List.of(), 0, List.of());
		}

	}

	/**
	 * A slot named by {@code synchronized_standby_slots}, as this server has it.
	 *
	 * @param name the name in the setting
	 * @param exists whether a slot of that name exists
	 * @param physical whether it is a physical slot
	 * @param active whether a standby is streaming from it now
	 * @param invalidationReason why it was invalidated, or {@code null}
	 */
	public record StandbySlot(String name, boolean exists, boolean physical, boolean active,
			@Nullable String invalidationReason) {

		/** Whether logical WAL senders of failover slots can get past it: a valid physical slot in use. */
		public boolean holdsBackNothing() {
			return this.exists && this.physical && this.active && this.invalidationReason == null;
		}

	}

	/**
	 * Another host of a multi-host URL.
	 *
	 * @param address {@code host:port}
	 * @param unreachable why it could not be inspected, or {@code null} when it answered
	 * @param inRecovery whether it is a standby ({@code pg_is_in_recovery()})
	 * @param versionNum its {@code server_version_num}, 0 when it did not answer
	 * @param ourSlot its copy of the shard's slot, or {@code null} when it has none
	 */
	public record OtherHost(String address, @Nullable String unreachable, boolean inRecovery, int versionNum,
			@Nullable SlotCopy ourSlot) {

		public static OtherHost unreachable(String address, String why) {
			return new OtherHost(address, why, false, 0, null);
		}

	}

	/**
	 * A standby's copy of the shard's slot.
	 *
	 * @param synced whether the slot synchronization made it ({@code synced}, 17+)
	 * @param invalidationReason why it was invalidated ({@code invalidation_reason}, 17+), or
	 * {@code null}
	 * @param conflicting whether it conflicts with recovery ({@code conflicting}, 16+)
	 * @param temporary whether it is still temporary: the slot sync worker persists a copy only
	 * once it has caught up with the primary's slot, and a promotion drops a temporary one
	 */
	public record SlotCopy(boolean synced, @Nullable String invalidationReason, boolean conflicting,
			boolean temporary) {

		public SlotCopy(boolean synced, @Nullable String invalidationReason, boolean conflicting) {
			this(synced, invalidationReason, conflicting, false);
		}

		/** Whether a promotion of its server would keep a usable slot. */
		public boolean usable() {
			return this.synced && !this.temporary && this.invalidationReason == null && !this.conflicting;
		}

	}

	/**
	 * The provider and the public markers it was recognized by.
	 */
	public record DetectedProvider(Provider provider, List<String> markers) {

	}

}
