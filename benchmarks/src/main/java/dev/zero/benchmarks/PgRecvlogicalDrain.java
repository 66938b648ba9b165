package dev.zero.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.zero.change.Lsn;

/**
 * Theirs: PostgreSQL's {@code pg_recvlogical} drains a slot with the same pgoutput options as
 * ours into {@code /dev/null} and exits at the end position. It decodes nothing on the client,
 * so it shows what the server and the protocol cost on their own: the floor for any client.
 */
final class PgRecvlogicalDrain {

	private final ClientTool tool;

	PgRecvlogicalDrain(BenchmarkDatabase database, Path executable) {
		this.tool = new ClientTool(database, executable);
	}

	String version() throws IOException, InterruptedException {
		return this.tool.version();
	}

	DrainResult run(int round, String slot, Lsn end, long changes) throws IOException, InterruptedException {
		ClientTool.Run run = this.tool.run(List.of("--slot", slot, "--start", "-o", "proto_version=1", "-o",
				"publication_names=" + BenchmarkTable.PUBLICATION, "-o", "messages=true", "--endpos=" + end,
				"--no-loop", "-f", "/dev/null"));
		return new DrainResult("drain", "pg_recvlogical", round, changes, run.elapsed());
	}

}
