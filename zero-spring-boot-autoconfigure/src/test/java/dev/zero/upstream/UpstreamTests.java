package dev.zero.upstream;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UpstreamTests {

	@Test
	void describesTheUpstreamWithoutCredentials() {
		Upstream upstream = Upstream.of("jdbc:postgresql://db.example.com:6543/app?user=u&password=hunter2",
				null, null, "zero/zero/0");
		assertThat(upstream.describe()).isEqualTo("db.example.com:6543/app").doesNotContain("hunter2");
		assertThat(upstream.toString()).doesNotContain("hunter2");
		assertThat(upstream.username()).isEqualTo("u");
	}

	@Test
	void redactsThePasswordWhereverItAppears() {
		Upstream upstream = Upstream.of("jdbc:postgresql://h/app", "u", "hunter2", "zero/zero/0");
		assertThat(upstream.redact("FATAL: bad password hunter2 for u")).isEqualTo("FATAL: bad password ****** for u");
		assertThat(upstream.redact("jdbc:postgresql://h/app?password=other&ssl=true"))
			.isEqualTo("jdbc:postgresql://h/app?password=******&ssl=true");
	}

	@Test
	void aUrlOfAnotherDatabaseIsNamedWithoutItsSecrets() {
		Upstream upstream = Upstream.of("jdbc:mysql://h/app?password=hunter2", "u", "x", "zero/zero/0");
		assertThat(upstream.isPostgresUrl()).isFalse();
		assertThat(upstream.describe()).isEqualTo("jdbc:mysql://h/app");
		Throwable failure = catchThrowableOfType(SQLException.class, upstream::connect);
		assertThat(failure).hasMessageContaining("not a PostgreSQL JDBC URL").hasMessageNotContaining("hunter2");
	}

	@Test
	void connectionFailuresNeverCarryThePassword() {
		Upstream upstream = Upstream.of("jdbc:postgresql://127.0.0.1:1/app", "u", "hunter2", "zero/zero/0");
		Throwable failure = catchThrowableOfType(SQLException.class, upstream::connect);
		assertThat(failure).hasMessageNotContaining("hunter2").hasNoCause();
	}

}
