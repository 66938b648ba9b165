package dev.zero.upstream;

import org.junit.jupiter.api.Test;

import dev.zero.upstream.Upstream.Host;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hosts of a multi-host URL, and the upstream on one of them.
 */
class UpstreamHostsTests {

	@Test
	void listsEveryHostOfAMultiHostUrlWithItsPort() {
		Upstream upstream = Upstream.of(
				"jdbc:postgresql://db1.example.com:5433,db2.example.com/app?targetServerType=primary", "u", "p", "test");
		assertThat(upstream.hosts()).containsExactly(new Host("db1.example.com", 5433), new Host("db2.example.com", 5432));
		assertThat(upstream.hosts().get(0)).hasToString("db1.example.com:5433");
	}

	@Test
	void singleHostUrlHasOneHost() {
		assertThat(Upstream.of("jdbc:postgresql://localhost:6000/app", "u", "p", "test").hosts())
			.containsExactly(new Host("localhost", 6000));
		assertThat(Upstream.of("not a url", "u", "p", "test").hosts()).isEmpty();
	}

	@Test
	void onOneHostKeepsTheDatabaseAndParametersButNotTheHostSelection() {
		Upstream upstream = Upstream.of("jdbc:postgresql://db1:5433,db2:5434/app?targetServerType=primary"
				+ "&sslmode=require&loadBalanceHosts=true&user=reader&password=hunter2", null, null, "test");
		Upstream second = upstream.onHost(upstream.hosts().get(1));
		assertThat(second.hosts()).containsExactly(new Host("db2", 5434));
		assertThat(second.describe()).isEqualTo("db2:5434/app");
		assertThat(second.urlParameter("sslmode")).isEqualTo("require");
		assertThat(second.urlParameter("targetServerType")).isNull();
		assertThat(second.urlParameter("loadBalanceHosts")).isNull();
		assertThat(second.username()).isEqualTo("reader");
		assertThat(second.redact("password=hunter2")).doesNotContain("hunter2");
	}

	@Test
	void onOneHostOfAUrlWithoutParameters() {
		Upstream upstream = Upstream.of("jdbc:postgresql://db1,db2:5434/app", "u", "p", "test");
		assertThat(upstream.onHost(upstream.hosts().get(0)).describe()).isEqualTo("db1:5432/app");
	}

}
