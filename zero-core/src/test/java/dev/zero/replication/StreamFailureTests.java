package dev.zero.replication;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.zero.change.Lsn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sorting a session's failure by SQLSTATE and the slot's catalog row, never by message text.
 */
class StreamFailureTests {

	private static final Optional<ReplicationSlot.Info> READABLE = slot("reserved", 0, null);

	@Test
	void objectInUseIsAHeldSlotWithTheHolderFromTheCatalog() {
		assertThat(StreamFailure.classify("55006", slot("reserved", 4242, null)))
			.isEqualTo(new StreamFailure(StreamFailure.Kind.SLOT_HELD, 4242));
	}

	@Test
	void objectInUseWhoseHolderIsGoneIsStillAHeldSlot() {
		assertThat(StreamFailure.classify("55006", READABLE).kind()).isEqualTo(StreamFailure.Kind.SLOT_HELD);
	}

	@Test
	void aLostSlotIsInvalidatedWhateverTheStateSays() {
		assertThat(StreamFailure.classify("55000", slot("lost", 0, null)).kind())
			.isEqualTo(StreamFailure.Kind.SLOT_INVALIDATED);
		assertThat(StreamFailure.classify("XX000", slot("lost", 0, null)).kind())
			.isEqualTo(StreamFailure.Kind.SLOT_INVALIDATED);
	}

	@Test
	void anInvalidationReasonMeansInvalidated() {
		assertThat(StreamFailure.classify("55000", slot("unreserved", 0, "idle_timeout")).kind())
			.isEqualTo(StreamFailure.Kind.SLOT_INVALIDATED);
	}

	@Test
	void aSlotTheCatalogDoesNotHaveIsMissing() {
		assertThat(StreamFailure.classify("42704", Optional.empty()).kind()).isEqualTo(StreamFailure.Kind.SLOT_MISSING);
	}

	@Test
	void insufficientPrivilegeIsPermissionDenied() {
		assertThat(StreamFailure.classify("42501", READABLE).kind()).isEqualTo(StreamFailure.Kind.PERMISSION_DENIED);
	}

	@Test
	void anUnreadableCatalogOrAConnectionErrorIsALostConnection() {
		assertThat(StreamFailure.classify("08006", null).kind()).isEqualTo(StreamFailure.Kind.CONNECTION_LOST);
		assertThat(StreamFailure.classify(null, READABLE).kind()).isEqualTo(StreamFailure.Kind.CONNECTION_LOST);
		assertThat(StreamFailure.classify("55006", null))
			.isEqualTo(new StreamFailure(StreamFailure.Kind.SLOT_HELD, 0));
	}

	private static Optional<ReplicationSlot.Info> slot(String walStatus, int activePid, String invalidationReason) {
		return Optional.of(new ReplicationSlot.Info("app", "pgoutput", Lsn.of(100), walStatus, activePid,
				invalidationReason));
	}

}
