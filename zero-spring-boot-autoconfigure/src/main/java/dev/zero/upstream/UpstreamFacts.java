package dev.zero.upstream;

/**
 * What an {@link UpstreamInspector} read from the upstream in one visit: settings, the
 * role's rights, and the outcome of the probes it ran. Checks judge these facts.
 *
 * @param serverVersionNum {@code server_version_num}, for example {@code 170002}
 * @param serverVersion {@code server_version}, for example {@code 17.2}
 * @param walLevel the effective WAL level ({@code effective_wal_level} where the server has
 * it, else {@code wal_level})
 */
public record UpstreamFacts(int serverVersionNum, String serverVersion, String walLevel) {

}
