package dev.zero.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.zero.test.ForkedJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as the build processed it ahead of time ({@code spring-boot:process-aot}, before
 * the tests), run on the JVM with {@code -Dspring.aot.enabled=true}: its context comes from
 * the generated code, not from scanning and conditions, and it still streams every change to
 * its {@code @ZeroListener} methods. A JVM of its own, since the flag is read once per JVM.
 */
class SampleApplicationAotTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path work;

	private ForkedJvm app;

	private int port;

	@AfterEach
	void stop() throws Exception {
		if (this.app != null) {
			// SIGTERM: the context closes and stops its embedded PostgreSQL, discarding its data
			this.app.stop();
		}
	}

	@Test
	void streamsACreateAnUpdateAndADeleteWhenRunAheadOfTime() throws Exception {
		this.port = freePort();
		this.app = ForkedJvm.start(SampleApplication.class, 384, List.of("-Dspring.aot.enabled=true"),
				this.work.resolve("sample.log"), "--server.port=" + this.port);
		try {
			await().atMost(Duration.ofSeconds(90))
				.failFast("the app exited", () -> !this.app.isAlive())
				.until(() -> body("/actuator/health").contains("\"state\":\"streaming\""));
		}
		catch (RuntimeException ex) {
			throw new AssertionError("Not streaming: " + ex.getMessage() + "\n" + this.app.logTail(60), ex);
		}
		assertThat(this.app.log()).contains("Starting AOT-processed SampleApplication");

		String created = send("POST", "/todos", "{\"title\":\"processed ahead of time\"}");
		String id = created.replaceAll(".*\"id\":(\\d+).*", "$1");
		send("PATCH", "/todos/" + id, "{\"done\":true}");
		send("DELETE", "/todos/" + id, null);

		await().atMost(Duration.ofSeconds(10)).until(() -> body("/changes").contains("\"op\":\"delete\""));
		assertThat(body("/changes")).contains("\"op\":\"insert\"", "\"op\":\"update\"", "\"op\":\"delete\"")
			.contains("\"title\":\"processed ahead of time\"", "\"done\":true", "\"old\":{\"id\":" + id + "}");
	}

	private String body(String path) {
		try {
			return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			return ""; // not listening yet
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	private String send(String method, String path, String json) throws Exception {
		HttpRequest.BodyPublisher body = (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody();
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.method(method, body)
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
		return response.body();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
