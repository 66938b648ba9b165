package dev.zero.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Keeps the servers of this JVM: stops them when the JVM exits, and stops the servers whose
 * JVM died without stopping them (each instance directory names the JVM that owns it).
 */
final class RunningServers {

	private static final String OWNER_FILE = "owner.pid";

	private static final Set<EmbeddedPostgres> servers = ConcurrentHashMap.newKeySet();

	private static volatile boolean hookInstalled;

	private static volatile boolean reaped;

	private RunningServers() {
	}

	static void register(EmbeddedPostgres server) {
		installHook();
		servers.add(server);
	}

	static void unregister(EmbeddedPostgres server) {
		servers.remove(server);
	}

	/**
	 * A directory for a new server of this JVM, with the server's data in {@code data}: the
	 * caller puts it there, or, for a kept data directory, it is a link to it, through which
	 * reaping stops the server while deleting only the link.
	 */
	static Path newInstanceDirectory(WorkDirectory work, String name, Path keptDataDirectory) {
		Path instances = work.createReadable(work.root().resolve("instances"));
		return work.locked("instances", () -> {
			Path directory = work.createReadable(instances.resolve(name));
			try {
				Files.writeString(directory.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
				if (keptDataDirectory != null) {
					Files.createSymbolicLink(directory.resolve("data"), keptDataDirectory);
				}
			}
			catch (IOException ex) {
				throw new EmbeddedPostgresException("Could not write to " + directory, ex);
			}
			return directory;
		});
	}

	/**
	 * Stops and deletes, once per JVM, the servers whose owning JVM is gone.
	 */
	static void reapOrphans(WorkDirectory work, ServerUser user) {
		if (reaped) {
			return;
		}
		synchronized (RunningServers.class) {
			if (reaped) {
				return;
			}
			reaped = true;
			Path instances = work.root().resolve("instances");
			if (!Files.isDirectory(instances)) {
				return;
			}
			work.locked("instances", () -> {
				try (Stream<Path> dirs = Files.list(instances)) {
					dirs.filter(RunningServers::isOrphan).forEach((dir) -> reap(dir, user));
				}
				catch (IOException ex) {
					// best effort: orphans only cost memory until the machine restarts
				}
				return null;
			});
		}
	}

	private static boolean isOrphan(Path dir) {
		try {
			long owner = Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).strip());
			return ProcessHandle.of(owner).map((handle) -> !handle.isAlive()).orElse(true);
		}
		catch (IOException | NumberFormatException ex) {
			// instance directories are created with their owner file under the same lock
			return true;
		}
	}

	/**
	 * Stops an orphan's server, then deletes its instance directory (only the link, for a
	 * kept data directory).
	 */
	private static void reap(Path dir, ServerUser user) {
		Path pidFile = dir.resolve("data").resolve("postmaster.pid");
		try {
			if (Files.exists(pidFile)) {
				List<String> lines = Files.readAllLines(pidFile);
				long pid = Long.parseLong(lines.get(0).strip());
				ProcessHandle.of(pid)
					.filter((handle) -> handle.info().command().map((c) -> c.endsWith("postgres")).orElse(false))
					.ifPresent(RunningServers::stop);
			}
		}
		catch (IOException | RuntimeException ex) {
			// the server is already gone
		}
		WorkDirectory.deleteRecursively(dir);
	}

	/**
	 * Stops a postmaster and waits until every process of it is gone: a server started next
	 * on the same kept data directory refuses to start while one is left.
	 */
	private static void stop(ProcessHandle postmaster) {
		List<ProcessHandle> processes = Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
		// SIGTERM, a smart shutdown: quick, since the sessions of the dead JVM are gone
		postmaster.destroy();
		if (!exited(processes, 30)) {
			processes.forEach(ProcessHandle::destroyForcibly);
			exited(processes, 10);
		}
	}

	private static boolean exited(List<ProcessHandle> processes, long seconds) {
		try {
			CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
				.get(seconds, TimeUnit.SECONDS);
			return true;
		}
		catch (TimeoutException | ExecutionException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void installHook() {
		if (hookInstalled) {
			return;
		}
		synchronized (RunningServers.class) {
			if (!hookInstalled) {
				Runtime.getRuntime().addShutdownHook(new Thread(RunningServers::closeAll, "embedded-postgres-shutdown"));
				hookInstalled = true;
			}
		}
	}

	private static void closeAll() {
		servers.parallelStream().forEach((server) -> {
			try {
				server.close();
			}
			catch (RuntimeException ex) {
				// the JVM is exiting; nothing more to do
			}
		});
	}

}
