package dev.zero.replication;

import dev.zero.change.TransactionalTarget;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zero.change.ChangeListener;
import dev.zero.change.Lsn;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerExceptionTests {

	private final TransactionalTarget target = new TransactionalTarget() {

		@Override
		public String name() {
			return "database";
		}

		@Override
		public List<ChangeListener> listeners() {
			return List.of();
		}

		@Override
		public Lsn open() {
			return Lsn.INVALID;
		}

		@Override
		public void begin() {
		}

		@Override
		public void commit(Lsn position) {
		}

		@Override
		public void rollback() {
		}

	};

	@Test
	void aTargetWhoseOriginIsHeldElsewhereIsNotAFailingListener() {
		assertThat(new ListenerException(this.target, "begin a transaction",
				new SQLException("replication origin with ID 1 is already active for PID 42", "55006"))
			.heldElsewhere()).isTrue();
	}

	@Test
	void otherFailuresAreNotHeldElsewhere() {
		assertThat(new ListenerException(this.target, "begin a transaction", new SQLException("denied", "42501"))
			.heldElsewhere()).isFalse();
		ChangeListener listener = (change) -> {
		};
		assertThat(new ListenerException(listener, new SQLException("in use", "55006")).heldElsewhere()).isFalse();
	}

}
