package dev.zero.embedded;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Extracts a tar stream into a directory: regular files, directories, symbolic and hard
 * links, with the long names of the GNU and POSIX (pax) formats. That is all PostgreSQL's
 * archives hold, and it spares every application a compression library and its dependencies;
 * any other kind of entry (device, FIFO) is refused. Nothing is ever written outside the
 * target directory: absolute names, {@code ..} components, paths through a symbolic link,
 * and links that point or resolve outside are refused, naming the entry.
 */
final class TarArchive {

	private static final int BLOCK = 512;

	private TarArchive() {
	}

	static void extract(InputStream tar, Path target) throws IOException {
		Path root = target.toRealPath();
		Map<Path, String> symlinks = new LinkedHashMap<>();
		byte[] header = new byte[BLOCK];
		String longName = null;
		String longLink = null;
		while (true) {
			if (tar.readNBytes(header, 0, BLOCK) < BLOCK) {
				throw new EOFException("The archive ends without its end-of-archive marker");
			}
			if (isZero(header)) {
				checkSymlinksResolveInside(root, symlinks);
				return;
			}
			checkChecksum(header);
			char type = (char) header[156];
			long size = number(header, 124, 12);
			String name = (longName != null) ? longName : name(header);
			String link = (longLink != null) ? longLink : text(header, 157, 100);
			longName = null;
			longLink = null;
			switch (type) {
				case 'L' -> longName = text(content(tar, size));
				case 'K' -> longLink = text(content(tar, size));
				case 'x' -> {
					String[] paths = paxPaths(content(tar, size));
					longName = paths[0];
					longLink = paths[1];
				}
				case 'g' -> content(tar, size);
				case '0', '\0', '7' -> {
					Path file = replaceable(root, name);
					try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
							StandardOpenOption.WRITE)) {
						copy(tar, size, out);
					}
					skipPadding(tar, size);
					Files.setPosixFilePermissions(file, permissions(number(header, 100, 8) | 0444));
				}
				case '5' -> {
					Path directory = walk(root, relative(name, name), name, true);
					Files.setPosixFilePermissions(directory, permissions(number(header, 100, 8) | 0755));
					content(tar, size);
				}
				case '2' -> {
					Path symlink = replaceable(root, name);
					Path linkTarget = Path.of(link);
					if (linkTarget.isAbsolute() || !symlink.getParent().resolve(linkTarget).normalize().startsWith(root)) {
						throw refused(name, "the symbolic link points outside the target directory, to " + link);
					}
					Files.createSymbolicLink(symlink, linkTarget);
					symlinks.put(symlink, name);
					content(tar, size);
				}
				case '1' -> {
					Path source = walk(root, relative(link, name), name, false);
					if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
						throw refused(name, "the hard link's target " + link + " is not a file extracted before it");
					}
					Path copy = replaceable(root, name);
					Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
					content(tar, size);
				}
				default -> throw new IOException("Unsupported entry type '" + type + "' for " + name);
			}
		}
	}

	/**
	 * The path of a file or link entry: its directories created, whatever was there before
	 * removed (a later entry replaces an earlier one, as tar does, and a symbolic link left
	 * there is never written through).
	 */
	private static Path replaceable(Path root, String name) throws IOException {
		Path relative = relative(name, name);
		if (relative.getFileName() == null || relative.toString().isEmpty()) {
			throw refused(name, "it names the target directory itself");
		}
		Path parent = walk(root, (relative.getParent() != null) ? relative.getParent() : Path.of(""), name, true);
		Path path = parent.resolve(relative.getFileName());
		Files.deleteIfExists(path);
		return path;
	}

	/** An entry's name, or a hard link's target, as a path that cannot leave the directory it is resolved in. */
	private static Path relative(String value, String name) throws IOException {
		Path path = Path.of(value);
		if (path.isAbsolute()) {
			throw refused(name, value + " is an absolute name");
		}
		for (Path part : path) {
			if (part.toString().equals("..")) {
				throw refused(name, value + " has a '..' component");
			}
		}
		return path.normalize();
	}

	/**
	 * Walks from the root to a relative path, refusing to go through a symbolic link, and
	 * creates the missing directories when asked. Never following a link is stricter than
	 * following those that stay inside (no archive we extract needs it), and it keeps the
	 * check local: a chain of links cannot lead a write elsewhere.
	 */
	private static Path walk(Path root, Path relative, String name, boolean create) throws IOException {
		Path current = root;
		for (Path part : relative) {
			if (part.toString().isEmpty()) {
				continue;
			}
			current = current.resolve(part);
			if (Files.isSymbolicLink(current)) {
				throw refused(name, "it goes through the symbolic link " + root.relativize(current));
			}
			if (create && Files.notExists(current, LinkOption.NOFOLLOW_LINKS)) {
				Files.createDirectory(current);
			}
		}
		return current;
	}

	/**
	 * Each link's target was checked by name when it was created, but a chain of links
	 * ({@code d/s -> ..}, {@code d/t -> s/..}) can still resolve elsewhere: once every entry
	 * is in place, each link that resolves must resolve inside.
	 */
	private static void checkSymlinksResolveInside(Path root, Map<Path, String> symlinks) throws IOException {
		for (Map.Entry<Path, String> symlink : symlinks.entrySet()) {
			if (Files.exists(symlink.getKey())) {
				Path real = symlink.getKey().toRealPath();
				if (!real.startsWith(root)) {
					throw refused(symlink.getValue(),
							"the symbolic link resolves outside the target directory, to " + real);
				}
			}
		}
	}

	private static IOException refused(String name, String reason) {
		return new IOException("Refused archive entry " + name + ": " + reason);
	}

	/**
	 * The name, with the POSIX ustar prefix when there is one (the old GNU format keeps
	 * other fields where the prefix would be).
	 */
	private static String name(byte[] header) {
		String name = text(header, 0, 100);
		boolean ustar = header[257] == 'u' && header[262] == 0;
		String prefix = ustar ? text(header, 345, 155) : "";
		return prefix.isEmpty() ? name : prefix + "/" + name;
	}

	/** The {@code path} and {@code linkpath} records of a pax header, {@code null} when absent. */
	private static String[] paxPaths(byte[] records) throws IOException {
		String[] paths = new String[2];
		int position = 0;
		while (position < records.length && records[position] != 0) {
			int space = position;
			while (space < records.length && records[space] != ' ') {
				space++;
			}
			int length;
			try {
				length = Integer.parseInt(new String(records, position, space - position, StandardCharsets.US_ASCII));
			}
			catch (NumberFormatException ex) {
				throw new IOException("Malformed pax header", ex);
			}
			if (length <= space - position || position + length > records.length) {
				throw new IOException("Malformed pax header");
			}
			String record = new String(records, space + 1, position + length - space - 2, StandardCharsets.UTF_8);
			int equals = record.indexOf('=');
			if (record.startsWith("path=")) {
				paths[0] = record.substring(equals + 1);
			}
			else if (record.startsWith("linkpath=")) {
				paths[1] = record.substring(equals + 1);
			}
			position += length;
		}
		return paths;
	}

	private static void checkChecksum(byte[] header) throws IOException {
		long sum = 0;
		for (int i = 0; i < BLOCK; i++) {
			sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
		}
		if (sum != number(header, 148, 8)) {
			throw new IOException("Corrupt archive: header checksum mismatch");
		}
	}

	/** An octal field, or a base-256 one (first byte's high bit set) for large values. */
	private static long number(byte[] header, int offset, int length) throws IOException {
		long value = 0;
		if ((header[offset] & 0x80) != 0) {
			for (int i = offset + 1; i < offset + length; i++) {
				value = (value << 8) | (header[i] & 0xff);
			}
			return value;
		}
		for (int i = offset; i < offset + length; i++) {
			byte b = header[i];
			if (b == 0 || (b == ' ' && value > 0)) {
				break;
			}
			if (b == ' ') {
				continue;
			}
			if (b < '0' || b > '7') {
				throw new IOException("Corrupt archive: not an octal number in a header");
			}
			value = (value << 3) | (b - '0');
		}
		return value;
	}

	private static String text(byte[] bytes, int offset, int length) {
		int end = offset;
		while (end < offset + length && bytes[end] != 0) {
			end++;
		}
		return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return text(bytes, 0, bytes.length);
	}

	private static byte[] content(InputStream tar, long size) throws IOException {
		if (size > Integer.MAX_VALUE - BLOCK) {
			throw new IOException("Archive header of " + size + " bytes");
		}
		byte[] content = tar.readNBytes((int) size);
		if (content.length < size) {
			throw new EOFException("The archive ends inside an entry");
		}
		skipPadding(tar, size);
		return content;
	}

	private static void copy(InputStream tar, long size, OutputStream out) throws IOException {
		byte[] buffer = new byte[1 << 16];
		long left = size;
		while (left > 0) {
			int read = tar.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (read < 0) {
				throw new EOFException("The archive ends inside an entry");
			}
			out.write(buffer, 0, read);
			left -= read;
		}
	}

	private static void skipPadding(InputStream tar, long size) throws IOException {
		int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
		if (tar.readNBytes(padding).length < padding) {
			throw new EOFException("The archive ends inside an entry");
		}
	}

	private static boolean isZero(byte[] block) {
		for (byte b : block) {
			if (b != 0) {
				return false;
			}
		}
		return true;
	}

	private static Set<PosixFilePermission> permissions(long mode) {
		Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
		PosixFilePermission[] bits = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_READ };
		for (int i = 0; i < bits.length; i++) {
			if ((mode & (1L << i)) != 0) {
				result.add(bits[i]);
			}
		}
		return result;
	}

}
