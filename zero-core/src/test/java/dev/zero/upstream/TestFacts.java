package dev.zero.upstream;

import java.util.List;
import java.util.Set;

import dev.zero.upstream.UpstreamFacts.Address;
import dev.zero.upstream.UpstreamFacts.Capacity;
import dev.zero.upstream.UpstreamFacts.DetectedProvider;
import dev.zero.upstream.UpstreamFacts.Probe;
import dev.zero.upstream.UpstreamFacts.Probes;
import dev.zero.upstream.UpstreamFacts.Publications;
import dev.zero.upstream.UpstreamFacts.Role;
import dev.zero.upstream.UpstreamFacts.Server;

/**
 * Facts for checks whose inputs a test server cannot produce (a provider's host name, an
 * Aurora version number): a healthy self-hosted PostgreSQL 17 to vary one fact at a time.
 */
final class TestFacts {

	private TestFacts() {
	}

	static UpstreamFacts healthy() {
		return new UpstreamFacts(
				new Server(170002, "17.2", "PostgreSQL 17.2 on x86_64-pc-linux-gnu", "logical", -1, "app", 8_000_000,
						false, null, List.of()),
				new Role("app", false, true, Set.of(), true), new Capacity(10, List.of(), null, 10, 0),
				new Publications(List.of(), List.of(), false, List.of(), List.of(), java.util.Map.of()),
				new Probes(Probe.succeeded("system 1, timeline 1"), Probe.succeeded("ok"), Probe.succeeded("ok"),
						Probe.succeeded("ok")),
				new DetectedProvider(Provider.SELF_HOSTED, List.of()), new Address("localhost", 5432, null),
				InspectionSettings.defaults(Validation.SHARD), UpstreamFacts.Failover.none());
	}

	static UpstreamFacts withServer(UpstreamFacts facts, int versionNum, String version) {
		Server s = facts.server();
		return new UpstreamFacts(new Server(versionNum, version, s.banner(), s.walLevel(), s.maxSlotWalKeepSizeMb(),
				s.database(), s.databaseBytes(), s.ssl(), s.sslVersion(), s.timeouts()), facts.role(), facts.capacity(),
				facts.publications(), facts.probes(), facts.provider(), facts.address(), facts.settings(),
				facts.failover());
	}

	static UpstreamFacts withProvider(UpstreamFacts facts, Provider provider) {
		return new UpstreamFacts(facts.server(), facts.role(), facts.capacity(), facts.publications(), facts.probes(),
				new DetectedProvider(provider, List.of()), facts.address(), facts.settings(), facts.failover());
	}

	static UpstreamFacts withAddress(UpstreamFacts facts, String host, int port, String sslMode) {
		return new UpstreamFacts(facts.server(), facts.role(), facts.capacity(), facts.publications(), facts.probes(),
				facts.provider(), new Address(host, port, sslMode), facts.settings(),
				facts.failover());
	}

	static UpstreamFacts withFailover(UpstreamFacts facts, UpstreamFacts.Failover failover) {
		return new UpstreamFacts(facts.server(), facts.role(), facts.capacity(), facts.publications(), facts.probes(),
				facts.provider(), facts.address(), facts.settings(), failover);
	}

	static UpstreamFacts withProbes(UpstreamFacts facts, Probe replication, Probe eventTriggers) {
		Probes p = facts.probes();
		return new UpstreamFacts(facts.server(), facts.role(), facts.capacity(), facts.publications(),
				new Probes(replication, eventTriggers, p.schemaPublication(), p.tablePublication()), facts.provider(),
				facts.address(), facts.settings(), facts.failover());
	}

}
