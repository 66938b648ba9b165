package dev.zero.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Theirs, for the initial sync: {@code psql}'s {@code \copy} of the whole table into
 * {@code /dev/null}, one connection, text format. It parses nothing on the client, so it shows
 * what one connection's {@code COPY} costs the server: the time a one-connection copy cannot
 * beat.
 */
final class PsqlCopy {

	private final ClientTool tool;

	PsqlCopy(BenchmarkDatabase database, Path executable) {
		this.tool = new ClientTool(database, executable);
	}

	String version() throws IOException, InterruptedException {
		return this.tool.version();
	}

	DrainResult run(int round, long rows) throws IOException, InterruptedException {
		ClientTool.Run run = this.tool
			.run(List.of("-X", "-c", "\\copy (SELECT * FROM " + BenchmarkTable.NAME + ") TO '/dev/null'"));
		if (!run.output().equals("COPY " + rows)) {
			throw new IllegalStateException("psql was to copy " + rows + " rows but said:\n" + run.output());
		}
		return new DrainResult("sync", "psql \\copy", round, rows, run.elapsed());
	}

}
