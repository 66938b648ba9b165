package dev.zero.publication;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zero.change.TableName;
import dev.zero.upstream.CheckResult;

/**
 * The outcome of provisioning: the publications in use, the checks about them
 * ({@code publications}, {@code replica-identity}), and whether the set of publications
 * changed since the last run, which makes a full re-sync necessary.
 *
 * @param mode how the publications came to be, or {@code null} when none could be used
 * @param publications the publications in use
 * @param checks the checks about them
 * @param resyncRequired whether replicated state must start over: the publications differ from
 * those it was synced from, or a table was published with rows nobody copied
 * @param previousPublications the publications replicated state was synced from, empty before
 * the first sync
 * @param ddlDetection how schema changes are detected, or {@code null} when nothing is provisioned; {@code null} when provisioning failed
 * @param tablesToResync tables this round published with rows nobody copied, whose re-read while
 * streaming it requested (recorded in the shard's state)
 */
public record PublicationReport(@Nullable PublicationMode mode, List<PublicationDescriptor> publications,
		List<CheckResult> checks, boolean resyncRequired, List<String> previousPublications,
		@Nullable DdlDetection ddlDetection, List<TableName> tablesToResync) {

	public PublicationReport {
		publications = List.copyOf(publications);
		checks = List.copyOf(checks);
		previousPublications = List.copyOf(previousPublications);
		tablesToResync = List.copyOf(tablesToResync);
	}

	public PublicationReport(@Nullable PublicationMode mode, List<PublicationDescriptor> publications,
			List<CheckResult> checks, boolean resyncRequired, List<String> previousPublications,
			@Nullable DdlDetection ddlDetection) {
		this(mode, publications, checks, resyncRequired, previousPublications, ddlDetection, List.of());
	}

	/** Whether there is something to replicate from. */
	public boolean usable() {
		return this.mode != null && !this.publications.isEmpty();
	}

	public boolean ready() {
		return usable() && this.checks.stream().noneMatch(CheckResult::failed);
	}

	public List<String> names() {
		return this.publications.stream().map(PublicationDescriptor::name).toList();
	}

	/** This report with one more check. */
	public PublicationReport withCheck(CheckResult check) {
		List<CheckResult> all = new java.util.ArrayList<>(this.checks);
		all.add(check);
		return new PublicationReport(this.mode, this.publications, all, this.resyncRequired, this.previousPublications,
				this.ddlDetection, this.tablesToResync);
	}

	public int tableCount() {
		return this.publications.stream().mapToInt((publication) -> publication.tables().size()).sum();
	}

}
