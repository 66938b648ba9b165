package dev.zero.upstream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host-name markers (a real server cannot be reached under these names in a test).
 */
class ProviderDetectorTests {

	private final ProviderDetector detector = new ProviderDetector();

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "mydb.abc123.eu-west-1.rds.amazonaws.com, aws-rds",
			"mycluster.cluster-abc123.eu-west-1.rds.amazonaws.com, aws-aurora", "db.abcdefgh.supabase.co, supabase",
			"aws-0-eu-central-1.pooler.supabase.com, supabase", "ep-cool-frog-123456.us-east-2.aws.neon.tech, neon",
			"ep-cool-frog-123456-pooler.us-east-2.aws.neon.tech, neon", "abc.horizon.psdb.cloud, planetscale",
			"ec2-3-210-1-2.compute-1.amazonaws.com, heroku", "dpg-abc123-a.oregon-postgres.render.com, render",
			"dpg-abc123-a, render", "my-db.flycast, fly", "my-db.internal, fly", "localhost, self-hosted",
			"10.0.0.5, self-hosted" })
	void recognizesProvidersByHostName(String host, String provider) {
		assertThat(this.detector.detect(host).provider().id()).isEqualTo(provider);
	}

}
