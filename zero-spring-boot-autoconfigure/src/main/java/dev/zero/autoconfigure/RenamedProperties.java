package dev.zero.autoconfigure;

import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.validation.Errors;

/**
 * The properties renamed in 0.2, so that the tree mirrors the runtime: {@code zero.auto-reset},
 * {@code zero.initial-sync.*} and {@code zero.resync.*} configure replication and moved under
 * {@code zero.replication} (with them {@code zero.initial-sync.table-copy-workers}, renamed in
 * 0.1). For one release the old names still bind ({@link ZeroProperties}' deprecated
 * accessors); once bound, each value set under an old name moves to its new name unless that
 * one is set too, and each old name in use is logged once at WARN with its replacement.
 * Nothing reads an old name after that: the new names hold what applies.
 */
@SuppressWarnings("removal")
final class RenamedProperties {

	private static final Logger logger = LoggerFactory.getLogger(RenamedProperties.class);

	private RenamedProperties() {
	}

	/**
	 * Checks what was set under an old name by the rule of its new name, naming the old one.
	 */
	static void validate(ZeroProperties properties, Errors errors) {
		ZeroProperties.RenamedInitialSync initialSync = properties.getInitialSync();
		if (initialSync.getParallelism() != null) {
			PropertyChecks.atLeastOne(errors, "initialSync.parallelism", "zero.initial-sync.parallelism",
					initialSync.getParallelism());
		}
		if (initialSync.getTableCopyWorkers() != null) {
			PropertyChecks.atLeastOne(errors, "initialSync.tableCopyWorkers", "zero.initial-sync.table-copy-workers",
					initialSync.getTableCopyWorkers());
		}
		Integer chunkSize = properties.getResync().getChunkSize();
		if (chunkSize != null) {
			PropertyChecks.atLeastOne(errors, "resync.chunkSize", "zero.resync.chunk-size", chunkSize);
		}
	}

	/**
	 * Moves each value set under an old name to its new name, unless that one is set too.
	 */
	static void apply(ZeroProperties properties) {
		for (Rename<?> rename : renames(properties)) {
			rename.apply();
		}
	}

	private static List<Rename<?>> renames(ZeroProperties properties) {
		ZeroProperties.Replication replication = properties.getReplication();
		ZeroProperties.InitialSync initialSync = replication.getInitialSync();
		ZeroProperties.RenamedInitialSync oldInitialSync = properties.getInitialSync();
		// table-copy-workers, renamed in 0.1, comes before initial-sync.parallelism, which wins over it
		return List.of(
				new Rename<>("zero.auto-reset", "zero.replication.auto-reset", "0.2", properties.getAutoReset(),
						replication.autoResetWasSet(), replication::setAutoReset),
				new Rename<>("zero.initial-sync.enabled", "zero.replication.initial-sync.enabled", "0.2",
						oldInitialSync.getEnabled(), initialSync.enabledWasSet(), initialSync::setEnabled),
				new Rename<>("zero.initial-sync.table-copy-workers", "zero.replication.initial-sync.parallelism",
						"0.1.0", oldInitialSync.getTableCopyWorkers(), initialSync.parallelismWasSet(),
						initialSync::setParallelism),
				new Rename<>("zero.initial-sync.parallelism", "zero.replication.initial-sync.parallelism", "0.2",
						oldInitialSync.getParallelism(), initialSync.parallelismWasSet(), initialSync::setParallelism),
				new Rename<>("zero.resync.chunk-size", "zero.replication.resync.chunk-size", "0.2",
						properties.getResync().getChunkSize(), replication.getResync().chunkSizeWasSet(),
						replication.getResync()::setChunkSize));
	}

	/**
	 * One old name: the value set under it, if any, and whether its new name was set too.
	 */
	private record Rename<T>(String oldName, String newName, String since, @Nullable T oldValue,
			boolean newNameSet, Consumer<T> newSetter) {

		void apply() {
			T value = this.oldValue;
			if (value == null) {
				return;
			}
			if (this.newNameSet) {
				logger.warn("zero: {} is ignored because {} is set too; delete {} (deprecated since {})",
						this.oldName, this.newName, this.oldName, this.since);
				return;
			}
			logger.warn("zero: {} is deprecated since {} and will be removed; rename it {} (its value applies "
					+ "until then)", this.oldName, this.since, this.newName);
			this.newSetter.accept(value);
		}

	}

}
