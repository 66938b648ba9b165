package dev.zero.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.zero.sql.Identifiers;
import dev.zero.upstream.UpstreamFacts.Failover;
import dev.zero.upstream.UpstreamFacts.OtherHost;
import dev.zero.upstream.UpstreamFacts.SlotCopy;
import dev.zero.upstream.UpstreamFacts.StandbySlot;

/**
 * {@code failover}: whether the shard's slot would survive the promotion of a standby. Only
 * PostgreSQL 17 and later synchronize logical slots to standbys ({@code failover} slots,
 * {@code sync_replication_slots}); before that a failover loses the slot and the starter
 * resets (reason {@code failover}). It warns, and never fails: replication works without it.
 */
final class FailoverCheck implements UpstreamCheck {

	private static final int FAILOVER_SLOTS_MAJOR = 17;

	@Override
	public String id() {
		return "failover";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		Failover failover = facts.failover();
		String slot = facts.settings().slotName();
		int major = facts.server().major();
		boolean standbySeen = failover.physicalSlots() > 0 || !failover.otherHosts().isEmpty();
		if (major < FAILOVER_SLOTS_MAJOR) {
			String found = "PostgreSQL " + major + " does not keep slot " + slot + " through a promotion: after a "
					+ "failover to a standby the slot is gone, and the starter resets (reason failover) and re-syncs "
					+ "from scratch; PostgreSQL 17 and later keep it";
			if (!standbySeen) {
				return CheckResult.ok(id(), found + "; no standby seen");
			}
			List<String> seen = new ArrayList<>();
			seen.add(found);
			failover.otherHosts().forEach((host) -> seen.add(describe(host, slot, major)));
			return CheckResult.warn(id(), String.join("; ", seen), olderVersionAction());
		}
		List<String> stalls = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		List<String> fine = new ArrayList<>();
		if (failover.ourSlotFailover() == null) {
			fine.add("slot " + slot + " does not exist yet");
		}
		else if (failover.ourSlotFailover()) {
			fine.add("slot " + slot + " has failover = true");
		}
		else if (standbySeen) {
			problems.add("slot " + slot + " has failover = false: a promotion does not keep it (the starter then "
					+ "resets with reason failover)");
		}
		else {
			// without a standby there is nothing to fail over to
			fine.add("slot " + slot + " has failover = false");
		}
		if (failover.synchronizedStandbySlots().isEmpty()) {
			if (standbySeen) {
				problems.add("synchronized_standby_slots is not set: the slot may confirm changes no standby has "
						+ "received yet, which a failover loses after the starter has delivered them");
			}
		}
		else {
			for (StandbySlot standby : failover.standbySlots()) {
				String stall = stall(standby);
				if (stall != null) {
					stalls.add(stall);
				}
				else {
					fine.add("synchronized_standby_slots names " + standby.name() + ", an active physical slot");
				}
			}
		}
		for (OtherHost host : failover.otherHosts()) {
			String text = describe(host, slot, major);
			if (host.unreachable() == null && host.inRecovery() && host.ourSlot() != null && host.ourSlot().usable()) {
				fine.add(text);
			}
			else if (host.unreachable() == null && host.inRecovery() && host.ourSlot() == null
					&& failover.ourSlotFailover() == null) {
				// nothing to copy yet
				fine.add(text);
			}
			else {
				problems.add(text);
			}
		}
		if (!standbySeen && problems.isEmpty() && stalls.isEmpty()) {
			fine.add("no standby seen");
		}
		if (stalls.isEmpty() && problems.isEmpty()) {
			return CheckResult.ok(id(), String.join("; ", fine));
		}
		List<String> found = new ArrayList<>();
		if (!stalls.isEmpty()) {
			found.add("LOGICAL REPLICATION STALLS: " + String.join("; ", stalls));
		}
		found.addAll(problems);
		found.addAll(fine);
		String action = stalls.isEmpty() ? setupAction(facts.provider().provider())
				: stallAction(failover) + " " + setupAction(facts.provider().provider());
		return CheckResult.warn(id(), String.join("; ", found), action);
	}

	/** Why a slot of {@code synchronized_standby_slots} holds back logical WAL senders, or {@code null}. */
	private static @Nullable String stall(StandbySlot standby) {
		String effect = ": every logical WAL sender of a failover slot on this primary, the shard's included, waits "
				+ "for it and sends nothing";
		if (!standby.exists()) {
			return "synchronized_standby_slots names " + standby.name() + ", which does not exist" + effect;
		}
		if (!standby.physical()) {
			return "synchronized_standby_slots names " + standby.name() + ", which is not a physical slot" + effect;
		}
		if (standby.invalidationReason() != null) {
			return "synchronized_standby_slots names " + standby.name() + ", which was invalidated ("
					+ standby.invalidationReason() + ")" + effect;
		}
		if (!standby.active()) {
			return "synchronized_standby_slots names " + standby.name()
					+ ", a physical slot no standby is streaming from" + effect + " until its standby reconnects";
		}
		return null;
	}

	private static String describe(OtherHost host, String slot, int upstreamMajor) {
		if (host.unreachable() != null) {
			return host.address() + " did not answer: " + host.unreachable();
		}
		if (!host.inRecovery()) {
			return host.address() + " is not in recovery: not a standby of this primary";
		}
		int major = host.versionNum() / 10000;
		SlotCopy copy = host.ourSlot();
		if (major < FAILOVER_SLOTS_MAJOR) {
			return host.address() + " is a standby (PostgreSQL " + major + "), which cannot hold a synchronized "
					+ "copy of slot " + slot;
		}
		if (copy == null) {
			return host.address() + " is a standby without a copy of slot " + slot;
		}
		if (copy.invalidationReason() != null) {
			return host.address() + " is a standby whose copy of slot " + slot + " was invalidated ("
					+ copy.invalidationReason() + ")";
		}
		if (copy.conflicting()) {
			return host.address() + " is a standby whose copy of slot " + slot + " conflicts with recovery";
		}
		if (!copy.synced()) {
			return host.address() + " is a standby with a slot named " + slot + " that is not synchronized from "
					+ "this primary";
		}
		if (copy.temporary()) {
			// the slot sync worker persists a copy once it has caught up with the primary's
			return host.address() + " is a standby whose copy of slot " + slot + " is still temporary (not caught "
					+ "up with the primary's yet): a promotion now would drop it";
		}
		return host.address() + " is a standby with a synchronized copy of slot " + slot;
	}

	private static String stallAction(Failover failover) {
		List<String> kept = failover.standbySlots()
			.stream()
			.filter(StandbySlot::holdsBackNothing)
			.map(StandbySlot::name)
			.toList();
		String list = kept.stream().map(Identifiers::quote).collect(Collectors.joining(","));
		return "Now: bring the standbys of those slots back, or take the slots out of the list on the primary: "
				+ (kept.isEmpty() ? "ALTER SYSTEM RESET synchronized_standby_slots;"
						: "ALTER SYSTEM SET synchronized_standby_slots = '" + list.replace("'", "''") + "';")
				+ " SELECT pg_reload_conf(); (name in it only standbys that are up).";
	}

	private static String setupAction(Provider provider) {
		String selfHosted = "For the slot to survive a promotion (PostgreSQL 17+): on each standby set "
				+ "sync_replication_slots = on, hot_standby_feedback = on, primary_slot_name = '<its physical slot "
				+ "on the primary>' and add dbname=<this database> to primary_conninfo; on the primary set "
				+ "synchronized_standby_slots = '<those physical slots>'; the shard's slot needs failover = true "
				+ "(zero.replication.failover). With Patroni: it writes primary_conninfo and primary_slot_name "
				+ "itself (use_slots: the physical slots are named after the members, and those are the names for "
				+ "synchronized_standby_slots); put the settings under postgresql.parameters and check that its "
				+ "primary_conninfo carries dbname. Patroni's own permanent logical slots (permanent_slots, formerly "
				+ "slots) are another mechanism: do not declare the shard's slot there as well without checking "
				+ "Patroni's documentation for your version.";
		return switch (provider) {
			case AWS_RDS -> "RDS for PostgreSQL 17: in the parameter groups set hot_standby_feedback = 1 and "
					+ "sync_replication_slots = 1 for the standby, rds.logical_slot_sync_dbname to this database "
					+ "(default postgres), and synchronized_standby_slots on the primary to the standby's physical "
					+ "slot; on a Multi-AZ DB cluster RDS copies logical slots to the reader instances itself. The "
					+ "shard's slot needs failover = true (zero.replication.failover).";
			case GOOGLE_CLOUD_SQL -> "Cloud SQL documents logical failover slots for PostgreSQL 17+ on Enterprise "
					+ "Plus with advanced disaster recovery (switchover and replica failover); see its guide "
					+ "\"logical failover slot\". The starter cannot see the standby of a high-availability instance: "
					+ "unless Google's documentation for your edition says its failover keeps logical slots, expect "
					+ "a reset (reason failover) after one. The shard's slot needs failover = true "
					+ "(zero.replication.failover).";
			case SELF_HOSTED -> selfHosted;
			default -> provider.displayName() + " manages its standbys: ask whether its failover keeps logical "
					+ "slots; otherwise expect a reset (reason failover) after one. " + selfHosted;
		};
	}

	private static String olderVersionAction() {
		return "PostgreSQL 15 and 16 cannot synchronize logical slots to standbys: after a failover the starter "
				+ "resets (reason failover) and re-syncs, nothing to do for that. To keep the slot, upgrade to "
				+ "PostgreSQL 17 or later (failover slots, sync_replication_slots on the standbys); extensions such "
				+ "as pg_failover_slots, or Patroni's permanent logical slots, copy slots on older versions, but "
				+ "the starter does not rely on them.";
	}

}
