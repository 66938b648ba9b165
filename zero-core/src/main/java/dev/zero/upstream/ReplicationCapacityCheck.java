package dev.zero.upstream;

import java.util.List;
import java.util.stream.Collectors;

import dev.zero.sql.Identifiers;
import dev.zero.upstream.UpstreamFacts.Slot;

/**
 * {@code replication-capacity}: there is a replication slot for this shard (its own, or a
 * free one under {@code max_replication_slots}) and a free WAL sender under
 * {@code max_wal_senders} to stream it.
 */
final class ReplicationCapacityCheck implements UpstreamCheck {

	@Override
	public String id() {
		return "replication-capacity";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		UpstreamFacts.Capacity capacity = facts.capacity();
		String slotName = facts.settings().slotName();
		if (capacity.ourSlot() != null && !capacity.ourSlot().usable()) {
			return CheckResult.fail(id(), "slot " + slotName + " exists but is a " + capacity.ourSlot().describe()
					+ "; this shard needs a logical pgoutput slot of this database, and never touches another's",
					"Set zero.replication.slot-name to a name no slot has (lower-case letters, digits and '_'; see "
							+ "SELECT slot_name FROM pg_replication_slots), or drop the other slot if nobody uses it.");
		}
		boolean ownSlot = capacity.ourSlot() != null;
		int usedByOthers = capacity.otherSlots().size();
		int freeSlots = capacity.maxReplicationSlots() - usedByOthers - (ownSlot ? 1 : 0);
		if (!ownSlot && freeSlots < 1) {
			List<Slot> inactive = capacity.otherSlots().stream().filter((slot) -> !slot.active()).toList();
			String drop = inactive.isEmpty() ? ""
					: " or drop slots nobody uses any more ("
							+ inactive.stream()
								.map((slot) -> "SELECT pg_drop_replication_slot(" + Identifiers.literal(slot.name()) + ");")
								.collect(Collectors.joining(" "))
							+ ")";
			return CheckResult.fail(id(),
					"no free replication slot: max_replication_slots is " + capacity.maxReplicationSlots() + " and "
							+ usedByOthers + " are in use (" + names(capacity.otherSlots()) + ")",
					"Raise max_replication_slots (now " + capacity.maxReplicationSlots() + ") to at least "
							+ (usedByOthers + 1) + " and restart the server" + drop + ".");
		}
		int walSendersNeeded = (capacity.ourSlot() != null && capacity.ourSlot().active()) ? 0 : 1;
		int freeSenders = capacity.maxWalSenders() - capacity.walSendersInUse();
		if (freeSenders < walSendersNeeded) {
			return CheckResult.fail(id(),
					"no free WAL sender: max_wal_senders is " + capacity.maxWalSenders() + " and "
							+ capacity.walSendersInUse() + " are running",
					"Raise max_wal_senders (now " + capacity.maxWalSenders() + ") to at least "
							+ (capacity.walSendersInUse() + 1) + " and restart the server.");
		}
		String slot = ownSlot ? "slot " + slotName + " exists" : freeSlots + " of " + capacity.maxReplicationSlots()
				+ " replication slots free for " + slotName;
		return CheckResult.ok(id(), slot + "; " + freeSenders + " of " + capacity.maxWalSenders() + " WAL senders free");
	}

	private static String names(List<Slot> slots) {
		return slots.stream().map(Slot::name).collect(Collectors.joining(", "));
	}

}
