package dev.zero.autoconfigure.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations the starter records, with their key values, as Spring Kafka documents
 * {@code spring.kafka.listener}.
 */
public enum ZeroObservation implements ObservationDocumentation {

	/** One change delivered to one listener: its {@code onChange} call. */
	LISTENER {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultZeroListenerObservationConvention.class;
		}

		@Override
		public String getPrefix() {
			return "zero.";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ListenerLowCardinalityKeys.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ListenerHighCardinalityKeys.values();
		}

	},

	/** One transaction of a transactional target, from its begin to its commit or rollback. */
	TARGET {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultZeroTargetObservationConvention.class;
		}

		@Override
		public String getPrefix() {
			return "zero.";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return TargetLowCardinalityKeys.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return TargetHighCardinalityKeys.values();
		}

	};

	/** The low-cardinality keys of {@link #LISTENER}: they tag its timer. */
	public enum ListenerLowCardinalityKeys implements KeyName {

		/** The shard's application id ({@code zero.app-id}). */
		APP {
			@Override
			public String asString() {
				return "zero.app";
			}
		},

		/**
		 * The listener: the bean's name, and for a {@code @ZeroListener} method its name after a
		 * dot ({@code todoStats.onInsert}).
		 */
		LISTENER {
			@Override
			public String asString() {
				return "zero.listener";
			}
		},

		/** The changed table ({@code schema.name}; a truncation's tables, comma-separated). */
		TABLE {
			@Override
			public String asString() {
				return "zero.table";
			}
		},

		/** The kind of change: {@code insert}, {@code update}, {@code delete}, {@code truncate}. */
		OPERATION {
			@Override
			public String asString() {
				return "zero.operation";
			}
		},

		/** {@code success}, or {@code failure} when the listener threw. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/** The simple name of the exception the listener threw, or {@code none}. */
		ERROR {
			@Override
			public String asString() {
				return "error";
			}
		}

	}

	/** The high-cardinality keys of {@link #LISTENER}: they annotate its span only. */
	public enum ListenerHighCardinalityKeys implements KeyName {

		/** The position of the change's WAL record ({@code 0/16B3748}). */
		LSN {
			@Override
			public String asString() {
				return "zero.lsn";
			}
		},

		/** The id of the transaction that made the change. */
		XID {
			@Override
			public String asString() {
				return "zero.xid";
			}
		}

	}

	/** The low-cardinality keys of {@link #TARGET}: they tag its timer. */
	public enum TargetLowCardinalityKeys implements KeyName {

		/** The shard's application id ({@code zero.app-id}). */
		APP {
			@Override
			public String asString() {
				return "zero.app";
			}
		},

		/** The target's name: {@code database}, {@code kafka}. */
		TARGET {
			@Override
			public String asString() {
				return "zero.target";
			}
		},

		/** {@code commit} or {@code rollback}: how the transaction ended (or was meant to). */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/**
		 * The simple name of the exception that failed the transaction (its begin, its commit, or
		 * the listener whose failure rolled it back), or {@code none}.
		 */
		ERROR {
			@Override
			public String asString() {
				return "error";
			}
		}

	}

	/** The high-cardinality keys of {@link #TARGET}: they annotate its span only. */
	public enum TargetHighCardinalityKeys implements KeyName {

		/** The source position the transaction committed (absent on a rollback). */
		LSN {
			@Override
			public String asString() {
				return "zero.lsn";
			}
		}

	}

}
