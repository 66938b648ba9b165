package dev.zero.autoconfigure;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.zero.lifecycle.ZeroThreads;
import dev.zero.shard.ShardId;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link ZeroThreads} bean of {@link ZeroAutoConfiguration}: the application's threads, where it has them. */
class ZeroThreadsConfigurationTests {

	private final ApplicationContextRunner runner = ZeroContexts.runner()
		.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/app",
				"spring.datasource.username=app", "spring.datasource.password=s3cret-pw");

	@Test
	void usesTheDefaultsWithoutZeroThreadFactoryOrZeroTaskScheduler() {
		this.runner.withUserConfiguration(OtherSchedulerConfiguration.class)
			.run((context) -> assertThat(context.getBean(ZeroThreads.class)).isSameAs(ZeroThreads.defaults()));
	}

	@Test
	void theShardSupervisorRunsOnAThreadOfTheZeroThreadFactory() {
		this.runner.withUserConfiguration(ThreadFactoryConfiguration.class).run((context) -> {
			RecordingThreadFactory factory = context.getBean("zeroThreadFactory", RecordingThreadFactory.class);
			ShardId shard = context.getBean(ShardSupervisor.class).shard();
			assertThat(factory.made).extracting(Thread::getName)
				.contains("zero-" + shard.appId() + "-" + shard.shardNum());
		});
	}

	@Test
	void ticksRunOnTheZeroTaskScheduler() {
		this.runner.withUserConfiguration(TaskSchedulerConfiguration.class).run((context) -> {
			CompletableFuture<String> ranOn = new CompletableFuture<>();
			ScheduledFuture<?> tick = context.getBean(ZeroThreads.class)
				.scheduleWithFixedDelay(() -> ranOn.complete(Thread.currentThread().getName()), 0, 10, TimeUnit.MILLISECONDS);
			assertThat(ranOn.get(5, TimeUnit.SECONDS)).startsWith("app-tick-");
			tick.cancel(false);
		});
	}

	@Test
	void aZeroTaskSchedulerThatIsNoThreadPoolTaskSchedulerFailsStartupSayingSo() {
		this.runner.withUserConfiguration(SimpleTaskSchedulerConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("zeroTaskScheduler")
				.hasMessageContaining("ThreadPoolTaskScheduler"));
	}

	@Test
	void anApplicationsOwnZeroThreadsReplacesTheStartersOne() {
		this.runner.withUserConfiguration(ZeroThreadsConfiguration.class)
			.run((context) -> assertThat(context).getBean(ZeroThreads.class)
				.isSameAs(context.getBean("myThreads")));
	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadFactoryConfiguration {

		@Bean
		RecordingThreadFactory zeroThreadFactory() {
			return new RecordingThreadFactory();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TaskSchedulerConfiguration {

		@Bean
		ThreadPoolTaskScheduler zeroTaskScheduler() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("app-tick-");
			return scheduler;
		}

	}

	/** A scheduler under another name: also a {@link ThreadFactory}, and not the starter's. */
	@Configuration(proxyBeanMethods = false)
	static class OtherSchedulerConfiguration {

		@Bean
		ThreadPoolTaskScheduler taskScheduler() {
			return new ThreadPoolTaskScheduler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SimpleTaskSchedulerConfiguration {

		@Bean
		SimpleAsyncTaskScheduler zeroTaskScheduler() {
			return new SimpleAsyncTaskScheduler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ZeroThreadsConfiguration {

		@Bean
		ZeroThreads myThreads() {
			return ZeroThreads.defaults().withThreadFactory(Thread::new);
		}

	}

	static final class RecordingThreadFactory implements ThreadFactory {

		private final List<Thread> made = new CopyOnWriteArrayList<>();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task);
			this.made.add(thread);
			return thread;
		}

	}

}
