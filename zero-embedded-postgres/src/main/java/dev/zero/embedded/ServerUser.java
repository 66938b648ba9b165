package dev.zero.embedded;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system user the PostgreSQL processes run as. PostgreSQL refuses to run as
 * root, so when this JVM is root the server runs as the {@code postgres} system user, or
 * {@code nobody} when there is no {@code postgres}; otherwise it runs as the current user.
 */
final class ServerUser {

	private static final List<String> CANDIDATES = List.of("postgres", "nobody");

	private final String name;

	private final String group;

	private final boolean switchUser;

	private ServerUser(String name, String group, boolean switchUser) {
		this.name = name;
		this.group = group;
		this.switchUser = switchUser;
	}

	static ServerUser detect() {
		return detect(CANDIDATES);
	}

	static ServerUser detect(List<String> candidates) {
		String current = System.getProperty("user.name");
		if (!isRoot()) {
			return new ServerUser(current, null, false);
		}
		List<String> tried = new ArrayList<>();
		for (String candidate : candidates) {
			if (exists(candidate)) {
				if (!commandExists("setpriv")) {
					throw new EmbeddedPostgresException("PostgreSQL refuses to run as root, and running it as '"
							+ candidate + "' needs the 'setpriv' command (Debian/Ubuntu package util-linux), "
							+ "which is not on the PATH. Install util-linux, or run the build as an unprivileged user.");
				}
				String group = run(List.of("id", "-gn", candidate));
				return new ServerUser(candidate, (group != null) ? group.strip() : candidate, true);
			}
			tried.add(candidate);
		}
		throw new EmbeddedPostgresException("PostgreSQL refuses to run as root, and none of the system users "
				+ tried + " exists to run it as. Create one (for example: useradd --system --no-create-home postgres), "
				+ "or run the build as an unprivileged user.");
	}

	String name() {
		return this.name;
	}

	boolean isSwitching() {
		return this.switchUser;
	}

	/**
	 * The command that runs {@code command} as this user.
	 */
	List<String> command(List<String> command) {
		if (!this.switchUser) {
			return command;
		}
		List<String> result = new ArrayList<>(List.of("setpriv", "--reuid=" + this.name, "--regid=" + this.group,
				"--clear-groups", "--"));
		result.addAll(command);
		return result;
	}

	/**
	 * Gives {@code root} and everything below it to this user, when the server runs as
	 * another user than the JVM.
	 */
	void own(Path root) {
		if (!this.switchUser) {
			return;
		}
		try {
			UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
			UserPrincipal user = lookup.lookupPrincipalByName(this.name);
			GroupPrincipal group = lookup.lookupPrincipalByGroupName(this.group);
			Files.walkFileTree(root, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
					chown(dir);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					chown(file);
					return FileVisitResult.CONTINUE;
				}

				private void chown(Path path) throws IOException {
					PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
							LinkOption.NOFOLLOW_LINKS);
					view.setOwner(user);
					view.setGroup(group);
				}

			});
		}
		catch (IOException ex) {
			throw new EmbeddedPostgresException("Could not give " + root + " to user '" + this.name + "'", ex);
		}
	}

	/**
	 * Fails, saying what to change, when this user (another than the JVM's) cannot reach
	 * {@code directory} because a folder above it is closed to it.
	 */
	void checkCanReach(Path directory) throws IOException {
		if (!this.switchUser) {
			return;
		}
		for (Path folder = directory.toAbsolutePath().getParent(); folder != null; folder = folder.getParent()) {
			PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class);
			Set<PosixFilePermission> permissions = attributes.permissions();
			boolean reachable = permissions.contains(PosixFilePermission.OTHERS_EXECUTE)
					|| (attributes.owner().getName().equals(this.name)
							&& permissions.contains(PosixFilePermission.OWNER_EXECUTE))
					|| (attributes.group().getName().equals(this.group)
							&& permissions.contains(PosixFilePermission.GROUP_EXECUTE));
			if (!reachable) {
				throw new EmbeddedPostgresException("PostgreSQL runs as '" + this.name + "', which cannot reach "
						+ directory + ": " + folder + " is closed to it. Choose a directory elsewhere, or open "
						+ folder + " with: chmod o+x " + folder);
			}
		}
	}

	static boolean isRoot() {
		if (!"root".equals(System.getProperty("user.name"))) {
			String uid = run(List.of("id", "-u"));
			return uid != null && uid.strip().equals("0");
		}
		return true;
	}

	private static boolean exists(String user) {
		return run(List.of("id", "-u", user)) != null;
	}

	private static boolean commandExists(String command) {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
			if (Files.isExecutable(Path.of(dir, command))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Runs a short command and returns its output, or {@code null} when it failed.
	 */
	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				return null;
			}
			return new String(output);
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
