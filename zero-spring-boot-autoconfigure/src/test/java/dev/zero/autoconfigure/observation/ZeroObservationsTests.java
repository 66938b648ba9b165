package dev.zero.autoconfigure.observation;

import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import dev.zero.change.Change;
import dev.zero.change.ChangeListener;
import dev.zero.change.Lsn;
import dev.zero.change.TableName;
import dev.zero.change.TransactionalTarget;
import dev.zero.change.Truncate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The observations' lifecycle and key values where the integration test does not reach: failed
 * commits and begins, the kinds of change a listener passes over, and a replaced convention.
 */
class ZeroObservationsTests {

	private static final Truncate TRUNCATE = new Truncate(
			List.of(new TableName("public", "a"), new TableName("public", "b")), false, false, 7, Lsn.of(0x10),
			Instant.EPOCH);

	private static final ListenerIdentity EVERY_CHANGE = new ListenerIdentity("recorder",
			ListenerIdentity.EVERY_CHANGE);

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	@Test
	void aNoopRegistryObservesNothingAndWrapsNothing() throws Exception {
		ZeroObservations observations = new ZeroObservations(ObservationRegistry.NOOP, "app", null, null);
		ChangeListener listener = (change) -> {
		};
		FakeTarget target = new FakeTarget(listener);
		assertThat(observations.active()).isFalse();
		assertThat(observations.listener(listener, EVERY_CHANGE)).isSameAs(listener);
		assertThat(observations.target(target, (each) -> EVERY_CHANGE)).isSameAs(target);
	}

	@Test
	void aListenerOutsideTargetsIsObservedWithTheTablesOfATruncation() throws Exception {
		ChangeListener listener = new ZeroObservations(this.registry, "app", null, null).listener((change) -> {
		}, EVERY_CHANGE);
		listener.onChange(TRUNCATE);
		assertThat(ZeroObservations.unwrap(listener)).isNotSameAs(listener);
		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo("zero.listener")
			.hasLowCardinalityKeyValue("zero.listener", "recorder")
			.hasLowCardinalityKeyValue("zero.table", "public.a,public.b")
			.hasLowCardinalityKeyValue("zero.operation", "truncate")
			.hasLowCardinalityKeyValue("error", "none")
			.hasHighCardinalityKeyValue("zero.lsn", "0/10")
			.hasHighCardinalityKeyValue("zero.xid", "7")
			.doesNotHaveParentObservation();
	}

	@Test
	void changesTheListenerDoesNotTakeAreDeliveredUnobserved() throws Exception {
		int[] calls = new int[1];
		ChangeListener listener = new ZeroObservations(this.registry, "app", null, null)
			.listener((change) -> calls[0]++, new ListenerIdentity("inserts", EnumSet.of(Change.Op.INSERT)));
		listener.onChange(TRUNCATE);
		assertThat(calls[0]).isOne();
		assertThat(this.registry).doesNotHaveAnyObservation();
	}

	@Test
	void aCommitThatFailsIsObservedWithItsErrorAndPosition() throws Exception {
		FakeTarget failing = new FakeTarget((change) -> {
		});
		failing.commitFailure = new SQLException("connection lost");
		TransactionalTarget target = new ZeroObservations(this.registry, "app", null, null).target(failing,
				(each) -> EVERY_CHANGE);
		target.begin();
		target.listeners().get(0).onChange(TRUNCATE);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> target.commit(Lsn.of(0x20)));
		assertThat(this.registry).hasAnObservation((observed) -> observed.hasNameEqualTo("zero.target")
			.hasLowCardinalityKeyValue("zero.target", "fake")
			.hasLowCardinalityKeyValue("outcome", "commit")
			.hasLowCardinalityKeyValue("error", "SQLException")
			.hasHighCardinalityKeyValue("zero.lsn", "0/20"))
			.hasAnObservation((observed) -> observed.hasNameEqualTo("zero.listener").hasParentObservation());
	}

	@Test
	void aTargetThatCannotBeginIsObservedAsARollbackAndARollbackWithoutTransactionIsNot() throws Exception {
		FakeTarget failing = new FakeTarget((change) -> {
		});
		failing.beginFailure = new IllegalStateException("fenced");
		TransactionalTarget target = new ZeroObservations(this.registry, "app", null, null).target(failing,
				(each) -> EVERY_CHANGE);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(target::begin);
		target.rollback();
		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo("zero.target")
			.hasLowCardinalityKeyValue("outcome", "rollback")
			.hasLowCardinalityKeyValue("error", "IllegalStateException");
		assertThat(failing.rollbacks).isOne();
	}

	@Test
	void aConventionOfTheApplicationReplacesTheDefault() throws Exception {
		ZeroListenerObservationConvention convention = new DefaultZeroListenerObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(ZeroListenerObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
			}

		};
		new ZeroObservations(this.registry, "app", convention, null).listener((change) -> {
		}, EVERY_CHANGE).onChange(TRUNCATE);
		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("tenant", "acme")
			.hasLowCardinalityKeyValue("zero.app", "app");
	}

	private static final class FakeTarget implements TransactionalTarget {

		private final ChangeListener listener;

		Exception beginFailure;

		Exception commitFailure;

		int rollbacks;

		FakeTarget(ChangeListener listener) {
			this.listener = listener;
		}

		@Override
		public String name() {
			return "fake";
		}

		@Override
		public List<ChangeListener> listeners() {
			return List.of(this.listener);
		}

		@Override
		public Lsn open() {
			return Lsn.INVALID;
		}

		@Override
		public void begin() throws Exception {
			if (this.beginFailure != null) {
				throw this.beginFailure;
			}
		}

		@Override
		public void commit(Lsn position) throws Exception {
			if (this.commitFailure != null) {
				throw this.commitFailure;
			}
		}

		@Override
		public void rollback() {
			this.rollbacks++;
		}

	}

}
