package dev.zero.sample;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code java} block of the project's README compiles as it stands, each a compilation
 * unit of its own (in a package of its own when it names none), against the sample's test
 * classpath, which holds every module of the starter, the test module and the sample itself
 * (the README's test examples are the sample's own tests), so a reader can copy it. A block that
 * truly cannot compile is left out only by a visible marker with its reason on the line before
 * it: {@code <!-- not compiled: why -->}. A failure names the README line and the compiler's
 * message.
 */
class ReadmeSnippetsTests {

	private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");

	private static final Pattern EXCLUSION = Pattern.compile("^<!--\\s*not compiled:(.*)-->\\s*$");

	private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

	private static final Pattern PUBLIC_TYPE = Pattern
		.compile("^public\\s+(?:(?:final|abstract|sealed|non-sealed)\\s+)*(?:class|record|interface|enum|@interface)\\s+(\\w+)",
				Pattern.MULTILINE);

	@Test
	void everyJavaSnippetOfTheReadmeCompiles(@TempDir Path classes) throws IOException {
		Path readme = readme();
		List<Snippet> snippets = snippets(Files.readAllLines(readme, StandardCharsets.UTF_8));
		assertThat(snippets).as("java blocks in %s", readme).isNotEmpty();
		List<Snippet> compiled = snippets.stream().filter((snippet) -> snippet.exclusion() == null).toList();
		snippets.stream()
			.filter((snippet) -> snippet.exclusion() != null)
			.forEach((snippet) -> assertThat(snippet.exclusion())
				.as("the reason README.md line %d is not compiled", snippet.line())
				.isNotBlank());
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
				StandardCharsets.UTF_8)) {
			List<String> options = List.of("--release", "17", "-proc:none", "-implicit:none", "-classpath",
					classpath(), "-d", classes.toString());
			boolean success = compiler
				.getTask(null, files, diagnostics, options, null, compiled.stream().map(SnippetSource::new).toList())
				.call();
			String errors = diagnostics.getDiagnostics()
				.stream()
				.filter((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
				.map(ReadmeSnippetsTests::describe)
				.collect(Collectors.joining("\n"));
			assertThat(errors).as("compiler errors in README.md's java blocks").isEmpty();
			assertThat(success).isTrue();
		}
	}

	@Test
	void aBlockIsLeftOutOnlyByTheMarkerOnTheLineBeforeIt() {
		List<Snippet> snippets = snippets(List.of("text", "```java", "class A {}", "```", "",
				"<!-- not compiled: needs a module this build does not have -->", "```java", "class B {}", "```",
				"```xml", "<a/>", "```"));
		assertThat(snippets).containsExactly(new Snippet(2, "class A {}\n", null),
				new Snippet(7, "class B {}\n", "needs a module this build does not have"));
	}

	/** The README line of an error, and the compiler's message. */
	private static String describe(Diagnostic<? extends JavaFileObject> diagnostic) {
		String where = "README.md";
		if (diagnostic.getSource() instanceof SnippetSource source) {
			// the snippet's first line is the line after the fence
			where += ":" + (source.snippet.line() + diagnostic.getLineNumber());
			String[] lines = source.snippet.code().split("\n", -1);
			long line = diagnostic.getLineNumber();
			if (line >= 1 && line <= lines.length) {
				where += " (" + lines[(int) line - 1].strip() + ")";
			}
		}
		return where + ": " + diagnostic.getMessage(Locale.ROOT);
	}

	/** The README at the root of the build, above this module. */
	private static Path readme() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			Path readme = directory.resolve("README.md");
			if (Files.isRegularFile(readme) && Files.isRegularFile(directory.resolve("mvnw"))) {
				return readme;
			}
			directory = directory.getParent();
		}
		throw new IllegalStateException("no README.md next to mvnw above " + Path.of("").toAbsolutePath());
	}

	/** The test classpath as Surefire gives it (its own booter jar is all java.class.path holds). */
	private static String classpath() {
		String classpath = System.getProperty("surefire.test.class.path");
		return (classpath != null && !classpath.isBlank()) ? classpath
				: System.getProperty("java.class.path", "").replace(':', File.pathSeparatorChar);
	}

	static List<Snippet> snippets(List<String> lines) {
		List<Snippet> snippets = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			Matcher fence = FENCE.matcher(lines.get(i));
			if (!fence.matches() || fence.group(1).isEmpty()) {
				continue;
			}
			int end = i + 1;
			while (end < lines.size() && !lines.get(end).startsWith("```")) {
				end++;
			}
			if (fence.group(1).equals("java")) {
				Matcher exclusion = (i > 0) ? EXCLUSION.matcher(lines.get(i - 1)) : null;
				snippets.add(new Snippet(i + 1, String.join("\n", lines.subList(i + 1, end)) + "\n",
						(exclusion != null && exclusion.matches()) ? exclusion.group(1).trim() : null));
			}
			i = end;
		}
		return snippets;
	}

	/**
	 * A {@code java} block.
	 * @param line the README line of its opening fence (1-based)
	 * @param code its text
	 * @param exclusion why it is not compiled, or {@code null}
	 */
	record Snippet(int line, String code, @Nullable String exclusion) {

	}

	/**
	 * A snippet as a source file: in a package of its own named after its line unless it names
	 * one (written on its first line, so that line numbers stay the README's), in a file named
	 * after its public type.
	 */
	private static final class SnippetSource extends SimpleJavaFileObject {

		private final Snippet snippet;

		private final String code;

		SnippetSource(Snippet snippet) {
			super(uri(snippet), Kind.SOURCE);
			this.snippet = snippet;
			this.code = PACKAGE.matcher(snippet.code()).find() ? snippet.code()
					: "package " + defaultPackage(snippet) + "; " + snippet.code();
		}

		private static URI uri(Snippet snippet) {
			Matcher declared = PACKAGE.matcher(snippet.code());
			String packageName = declared.find() ? declared.group(1) : defaultPackage(snippet);
			Matcher type = PUBLIC_TYPE.matcher(snippet.code());
			String name = type.find() ? type.group(1) : "Snippet";
			return URI.create("string:///" + packageName.replace('.', '/') + "/" + name + Kind.SOURCE.extension);
		}

		private static String defaultPackage(Snippet snippet) {
			return "readme.line" + snippet.line();
		}

		@Override
		public CharSequence getCharContent(boolean ignoreEncodingErrors) {
			return this.code;
		}

	}

}
