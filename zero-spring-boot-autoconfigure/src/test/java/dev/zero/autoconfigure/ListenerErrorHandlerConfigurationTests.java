package dev.zero.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.zero.change.DefaultListenerErrorHandler;
import dev.zero.change.ListenerBackOff;
import dev.zero.change.ListenerErrorHandler;
import dev.zero.change.ListenerFailure;
import dev.zero.change.LoggingRecoverer;
import dev.zero.deadletter.DeadLetterTableRecoverer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener error handler as {@code zero.listener.error.*} configures it, its defaults and
 * its validation, and an application's own handler in its place. Wiring only: the upstream is
 * never reached.
 */
class ListenerErrorHandlerConfigurationTests {

	private final ApplicationContextRunner runner = ZeroContexts.runner()
		.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/app", "spring.datasource.username=app",
				"zero.replication.enabled=false");

	@Test
	void byDefaultRetriesWithBackOffAndSkipsNothing() {
		this.runner.run((context) -> {
			DefaultListenerErrorHandler handler = (DefaultListenerErrorHandler) context
				.getBean(ListenerErrorHandler.class);
			assertThat(handler.recoverer()).isNull();
			assertThat(handler.backOff()).isEqualTo(ListenerBackOff.DEFAULTS);
		});
	}

	@Test
	void propertiesChooseTheBackOffAndTheRecoverer() {
		this.runner
			.withPropertyValues("zero.listener.error.max-attempts=4", "zero.listener.error.recoverer=log",
					"zero.listener.error.back-off.initial-interval=100ms", "zero.listener.error.back-off.multiplier=3",
					"zero.listener.error.back-off.max-interval=2s")
			.run((context) -> {
				DefaultListenerErrorHandler handler = (DefaultListenerErrorHandler) context
					.getBean(ListenerErrorHandler.class);
				assertThat(handler.backOff())
					.isEqualTo(new ListenerBackOff(4, Duration.ofMillis(100), 3, Duration.ofSeconds(2)));
				assertThat(handler.recoverer()).isInstanceOf(LoggingRecoverer.class);
			});
		this.runner.withPropertyValues("zero.listener.error.recoverer=dead-letter-table")
			.run((context) -> assertThat(
					((DefaultListenerErrorHandler) context.getBean(ListenerErrorHandler.class)).recoverer())
				.isInstanceOf(DeadLetterTableRecoverer.class));
	}

	@Test
	void aDeadLetterTopicWithoutTheKafkaModuleFailsStartupSayingWhatToAdd() {
		this.runner.withPropertyValues("zero.listener.error.recoverer=dead-letter-topic")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("needs the Kafka module (zero-spring-boot-starter-kafka)"));
	}

	@Test
	void invalidValuesFailStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("zero.listener.error.max-attempts=0", "zero.listener.error.back-off.multiplier=0.5",
					"zero.listener.error.back-off.initial-interval=2s", "zero.listener.error.back-off.max-interval=1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("zero.listener.error.max-attempts: must be at least 1")
				.hasMessageContaining("zero.listener.error.back-off.multiplier: must be at least 1")
				.hasMessageContaining("zero.listener.error.back-off.max-interval: must be at least the initial interval"));
	}

	@Test
	void anApplicationsOwnHandlerReplacesTheConfiguredOne() {
		ListenerErrorHandler own = new ListenerErrorHandler() {

			@Override
			public @Nullable Duration retryDelay(ListenerFailure failure) {
				return null;
			}

			@Override
			public void recover(ListenerFailure failure) {
			}

		};
		this.runner.withPropertyValues("zero.listener.error.recoverer=log")
			.withBean(ListenerErrorHandler.class, () -> own)
			.run((context) -> assertThat(context.getBean(ListenerErrorHandler.class)).isSameAs(own));
	}

}
