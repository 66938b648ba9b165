package dev.zero.upstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * A real PgBouncer (Debian package {@code pgbouncer}) in transaction pooling mode in front of
 * a test server, the way applications put one in front of PostgreSQL. Runs as the
 * {@code postgres} or {@code nobody} user when the tests run as root, as PgBouncer refuses
 * root.
 */
final class PgBouncer implements AutoCloseable {

	private final Process process;

	private final Path directory;

	private final int port;

	private PgBouncer(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
	}

	static Optional<Path> binary() {
		List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"));
		dirs.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
		return dirs.stream().map((dir) -> Path.of(dir, "pgbouncer")).filter(Files::isExecutable).findFirst();
	}

	static PgBouncer start(Path binary, String host, int port, String user, String password) throws Exception {
		Path directory = Files.createTempDirectory("pgbouncer");
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
		int listenPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			listenPort = socket.getLocalPort();
		}
		Files.writeString(directory.resolve("userlist.txt"), "\"" + user + "\" \"" + password + "\"\n");
		Files.writeString(directory.resolve("pgbouncer.ini"), """
				[databases]
				* = host=%s port=%d
				[pgbouncer]
				listen_addr = 127.0.0.1
				listen_port = %d
				unix_socket_dir =
				auth_type = scram-sha-256
				auth_file = %s
				pool_mode = transaction
				ignore_startup_parameters = extra_float_digits
				""".formatted(host, port, listenPort, directory.resolve("userlist.txt")));
		List<String> command = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			String runAs = userExists("postgres") ? "postgres" : "nobody";
			command.addAll(List.of("setpriv", "--reuid=" + runAs, "--regid=" + group(runAs), "--clear-groups", "--"));
		}
		command.addAll(List.of(binary.toString(), directory.resolve("pgbouncer.ini").toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(directory.resolve("pgbouncer.log").toFile())
			.start();
		PgBouncer bouncer = new PgBouncer(process, directory, listenPort);
		bouncer.awaitListening(Duration.ofSeconds(10));
		return bouncer;
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws IOException {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	private void awaitListening(Duration timeout) {
		Awaitility.await("pgbouncer listening on " + this.port).atMost(timeout).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"pgbouncer exited: " + Files.readString(this.directory.resolve("pgbouncer.log")));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	private static boolean userExists(String user) throws Exception {
		return new ProcessBuilder("id", "-u", user).start().waitFor() == 0;
	}

	private static String group(String user) throws Exception {
		Process id = new ProcessBuilder("id", "-gn", user).start();
		return new String(id.getInputStream().readAllBytes()).strip();
	}

}
