package dev.zero.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import dev.zero.replication.DeliverySettings;
import dev.zero.replication.ReplicationSettings;
import dev.zero.replication.ReplicationWorker;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zero.auto-reset}, {@code zero.initial-sync.*} and {@code zero.resync.*} moved under
 * {@code zero.replication} in 0.2: the new names bind, the old ones still do for one release
 * (logged once each at WARN with the replacement), and the new one wins when both are set.
 */
@ExtendWith(OutputCaptureExtension.class)
class RenamedPropertiesTests {

	private final ApplicationContextRunner properties = new ApplicationContextRunner()
		.withUserConfiguration(BindZeroProperties.class);

	@Test
	void withNeitherNameTheDefaultsApplyAndNothingIsLogged(CapturedOutput output) {
		this.properties.run((context) -> {
			ReplicationSettings settings = replicationSettings(context);
			assertThat(settings.autoReset()).isTrue();
			assertThat(settings.initialSync()).isTrue();
			assertThat(settings.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
			assertThat(deliverySettings(context).resyncChunk()).isEqualTo(10_000);
		});
		assertThat(output.getAll()).doesNotContain("deprecated since");
	}

	@Test
	void theNewNamesBind(CapturedOutput output) {
		this.properties
			.withPropertyValues("zero.replication.auto-reset=false", "zero.replication.initial-sync.enabled=false",
					"zero.replication.initial-sync.parallelism=3", "zero.replication.resync.chunk-size=500")
			.run((context) -> {
				ReplicationSettings settings = replicationSettings(context);
				assertThat(settings.autoReset()).isFalse();
				assertThat(settings.initialSync()).isFalse();
				assertThat(settings.parallelism()).isEqualTo(3);
				assertThat(deliverySettings(context).resyncChunk()).isEqualTo(500);
			});
		assertThat(output.getAll()).doesNotContain("deprecated since");
	}

	@Test
	void autoResetStillBindsUnderItsOldName(CapturedOutput output) {
		this.properties.withPropertyValues("zero.auto-reset=false")
			.run((context) -> assertThat(replicationSettings(context).autoReset()).isFalse());
		assertRenameLoggedOnce(output, "zero.auto-reset", "0.2", "zero.replication.auto-reset");
	}

	@Test
	void initialSyncEnabledStillBindsUnderItsOldName(CapturedOutput output) {
		this.properties.withPropertyValues("zero.initial-sync.enabled=false")
			.run((context) -> assertThat(replicationSettings(context).initialSync()).isFalse());
		assertRenameLoggedOnce(output, "zero.initial-sync.enabled", "0.2", "zero.replication.initial-sync.enabled");
	}

	@Test
	void initialSyncParallelismStillBindsUnderItsOldName(CapturedOutput output) {
		this.properties.withPropertyValues("zero.initial-sync.parallelism=5")
			.run((context) -> assertThat(replicationSettings(context).parallelism()).isEqualTo(5));
		assertRenameLoggedOnce(output, "zero.initial-sync.parallelism", "0.2",
				"zero.replication.initial-sync.parallelism");
	}

	@Test
	void tableCopyWorkersStillSetsTheParallelism(CapturedOutput output) {
		this.properties.withPropertyValues("zero.initial-sync.table-copy-workers=2")
			.run((context) -> assertThat(replicationSettings(context).parallelism()).isEqualTo(2));
		assertRenameLoggedOnce(output, "zero.initial-sync.table-copy-workers", "0.1.0",
				"zero.replication.initial-sync.parallelism");
	}

	@Test
	void resyncChunkSizeStillBindsUnderItsOldName(CapturedOutput output) {
		this.properties.withPropertyValues("zero.resync.chunk-size=250")
			.run((context) -> assertThat(deliverySettings(context).resyncChunk()).isEqualTo(250));
		assertRenameLoggedOnce(output, "zero.resync.chunk-size", "0.2", "zero.replication.resync.chunk-size");
	}

	@Test
	void theNewNameWinsOverTheOldOne(CapturedOutput output) {
		this.properties
			.withPropertyValues("zero.auto-reset=false", "zero.replication.auto-reset=true",
					"zero.initial-sync.enabled=true", "zero.replication.initial-sync.enabled=false",
					"zero.initial-sync.parallelism=5", "zero.initial-sync.table-copy-workers=4",
					"zero.replication.initial-sync.parallelism=3", "zero.resync.chunk-size=250",
					"zero.replication.resync.chunk-size=500")
			.run((context) -> {
				ReplicationSettings settings = replicationSettings(context);
				assertThat(settings.autoReset()).isTrue();
				assertThat(settings.initialSync()).isFalse();
				assertThat(settings.parallelism()).isEqualTo(3);
				assertThat(deliverySettings(context).resyncChunk()).isEqualTo(500);
			});
		assertThat(output.getAll()).contains(
				"zero: zero.auto-reset is ignored because zero.replication.auto-reset is set too; delete zero.auto-reset (deprecated since 0.2)",
				"zero: zero.initial-sync.enabled is ignored because zero.replication.initial-sync.enabled is set too",
				"zero: zero.initial-sync.parallelism is ignored because zero.replication.initial-sync.parallelism is set too",
				"zero: zero.initial-sync.table-copy-workers is ignored because zero.replication.initial-sync.parallelism is set too",
				"zero: zero.resync.chunk-size is ignored because zero.replication.resync.chunk-size is set too");
	}

	@Test
	void theNewNameWinsEvenWhenSetToItsDefault() {
		this.properties.withPropertyValues("zero.auto-reset=false", "zero.replication.auto-reset=true")
			.run((context) -> assertThat(replicationSettings(context).autoReset()).isTrue());
		this.properties.withPropertyValues("zero.replication.auto-reset=false", "zero.auto-reset=true")
			.run((context) -> assertThat(replicationSettings(context).autoReset()).isFalse());
	}

	@Test
	void initialSyncParallelismWinsOverTableCopyWorkers() {
		this.properties
			.withPropertyValues("zero.initial-sync.table-copy-workers=4", "zero.initial-sync.parallelism=5")
			.run((context) -> assertThat(replicationSettings(context).parallelism()).isEqualTo(5));
	}

	@Test
	void anInvalidValueFailsStartupNamingTheNameItWasSetUnder() {
		this.properties.withPropertyValues("zero.resync.chunk-size=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zero.resync.chunk-size: must be at least 1")
				.hasMessageNotContaining("zero.replication.resync.chunk-size"));
		this.properties.withPropertyValues("zero.replication.resync.chunk-size=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zero.replication.resync.chunk-size: must be at least 1"));
		this.properties.withPropertyValues("zero.initial-sync.table-copy-workers=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zero.initial-sync.table-copy-workers: must be at least 1"));
	}

	@Test
	void theOldNamesReachTheShardsWorker() {
		ZeroContexts.runner()
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/app",
					"spring.datasource.username=app", "zero.auto-reset=false", "zero.initial-sync.enabled=false",
					"zero.initial-sync.parallelism=2", "zero.resync.chunk-size=300")
			.run((context) -> {
				ReplicationWorker worker = context.getBean(ShardSupervisor.class).replication();
				assertThat(worker.settings().autoReset()).isFalse();
				assertThat(worker.settings().initialSync()).isFalse();
				assertThat(worker.settings().parallelism()).isEqualTo(2);
				assertThat(worker.deliverySettings().resyncChunk()).isEqualTo(300);
			});
	}

	private static void assertRenameLoggedOnce(CapturedOutput output, String oldName, String since, String newName) {
		String warning = "zero: " + oldName + " is deprecated since " + since + " and will be removed; rename it "
				+ newName;
		assertThat(output.getAll()).containsOnlyOnce(warning);
		assertThat(output.getAll().lines().filter((line) -> line.contains(warning))).singleElement()
			.asString()
			.contains("WARN");
	}

	private static ReplicationSettings replicationSettings(AssertableApplicationContext context) {
		return ReplicationSettingsMapper.settings(context.getBean(ZeroProperties.class));
	}

	private static DeliverySettings deliverySettings(AssertableApplicationContext context) {
		return DeliverySettingsMapper.settings(context.getBean(ZeroProperties.class).getReplication());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ZeroProperties.class)
	static class BindZeroProperties {

	}

}
