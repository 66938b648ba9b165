package dev.zero.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.zero.change.ChangeListener;
import dev.zero.change.Insert;
import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.embedded.junit.TestDatabase;
import dev.zero.replication.ReplicationState;
import dev.zero.replication.ReplicationStatus;
import dev.zero.supervisor.ShardSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code zero.replication.idle-release} as an application runs it: released with nothing of the
 * starter's connected and health UP, woken by the application's own use of its DataSource, by
 * the wake interval and by the endpoint's {@code wake}.
 */
@ExtendWith(OutputCaptureExtension.class)
class IdleReleaseContextTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	static final List<String> inserted = new CopyOnWriteArrayList<>();

	@Test
	void releasedWhileQuietAndWokenByTheApplicationTheScheduleAndTheEndpoint(CapturedOutput output) {
		TestDatabase database = postgres.database();
		database.execute("CREATE SCHEMA sleepy", "CREATE TABLE sleepy.t (id bigint PRIMARY KEY)");
		ZeroContexts.on(database)
			.withPropertyValues("zero.app-id=sleepy", "zero.publication.schemas=sleepy",
					"zero.replication.status-interval=1s", "zero.replication.idle-release=300ms",
					"zero.replication.idle-wake-interval=2s")
			.withUserConfiguration(InsertListener.class)
			.run((context) -> {
				ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(WakingDataSource.of(dataSource)).isNotNull();
				assertThat(dataSource).as("the pool's type, for code that injects it").isInstanceOf(HikariDataSource.class);
				assertThat(DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class))
					.isNotNull();

				awaitReleasedWithNothingConnected(context, database);
				Health health = context.getBean(ZeroHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("state", "released")
					.containsEntry("releasedSince", String.valueOf(supervisor.status().replication().releasedAt()))
					.doesNotContainKey("reason");
				ZeroEndpoint endpoint = new ZeroEndpoint(supervisor);
				assertThat(endpoint.report().replication().state()).isEqualTo("released");
				assertThat(endpoint.report().replication().releasedSince()).isNotNull();

				// the application writes through its own DataSource: that wakes the listener
				assertThat(wokenByRequest(output)).isZero();
				new JdbcTemplate(dataSource).update("INSERT INTO sleepy.t VALUES (1)");
				await().atMost(Duration.ofSeconds(5)).until(() -> inserted.contains("1"));
				assertThat(wokenByRequest(output)).as("woken by the application's connection").isOne();

				// another client writes: delivered at the next scheduled wake
				awaitReleasedWithNothingConnected(context, database);
				database.execute("INSERT INTO sleepy.t VALUES (2)");
				await().atMost(Duration.ofSeconds(5)).until(() -> inserted.contains("2"));

				// or at once on POST /actuator/zero/wake
				awaitReleasedWithNothingConnected(context, database);
				database.execute("INSERT INTO sleepy.t VALUES (3)");
				assertThat(endpoint.run("wake").done()).containsExactly("woken: the listener connects again");
				await().atMost(Duration.ofSeconds(5)).until(() -> inserted.contains("3"));
				assertThat(wokenByRequest(output)).isEqualTo(2);
				assertThat(inserted).containsExactly("1", "2", "3");
			});
	}

	private static long wokenByRequest(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains("slot sleepy_spring_0 woken by request")).count();
	}

	/**
	 * Released, and no session of the starter's left in the test database: the application's
	 * pool names its connections {@code PostgreSQL JDBC Driver}, the starter's {@code zero/...}.
	 */
	private static void awaitReleasedWithNothingConnected(ApplicationContext context, TestDatabase database) {
		ShardSupervisor supervisor = context.getBean(ShardSupervisor.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			ReplicationStatus replication = supervisor.status().replication();
			return replication != null && replication.state() == ReplicationState.RELEASED
					&& database.queryForLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
							+ " AND application_name LIKE 'zero/%'") == 0;
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class InsertListener {

		@Bean
		ChangeListener insertListener() {
			return (change) -> {
				if (change instanceof Insert insert && !insert.snapshot()) {
					inserted.add(insert.row().getString("id"));
				}
			};
		}

	}

}
