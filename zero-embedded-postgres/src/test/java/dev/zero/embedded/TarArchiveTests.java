package dev.zero.embedded;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

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
 * link, a hard link and, in gnu and pax, a symbolic link with a long target.
 */
class TarArchiveTests {

	private static final String LONG_DIRECTORY = "d".repeat(60);

	private static final String LONG_FILE = LONG_DIRECTORY + "/" + "n".repeat(80) + ".txt";

	@TempDir
	Path target;

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
	void refusesEntriesOutsideTheTarget() throws IOException {
		byte[] tar = fixture("ustar");
		rename(tar, "../escaped");
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> TarArchive.extract(new ByteArrayInputStream(tar), this.target))
			.withMessageContaining("outside the target directory: ../escaped");
		assertThat(this.target.resolveSibling("escaped")).doesNotExist();
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

}
