package dev.zero.upstream;

import java.util.List;
import java.util.stream.Collectors;

import dev.zero.sql.Identifiers;
import dev.zero.upstream.UpstreamFacts.Probes;
import dev.zero.upstream.UpstreamFacts.Publications;
import dev.zero.upstream.UpstreamFacts.Table;

/**
 * {@code publication-permission}: the starter can create its default publication (schema-wide
 * needs a superuser on PostgreSQL 15+; table by table needs ownership of the tables and CREATE
 * on the database), or the publications named in {@code zero.app-publications} exist. When
 * neither holds, the action is a ready-to-run {@code CREATE PUBLICATION} for a DBA.
 */
final class PublicationPermissionCheck implements UpstreamCheck {

	@Override
	public String id() {
		return "publication-permission";
	}

	@Override
	public CheckResult evaluate(UpstreamFacts facts) {
		Publications publications = facts.publications();
		InspectionSettings settings = facts.settings();
		if (settings.usesAppPublications()) {
			if (publications.missingAppPublications().isEmpty()) {
				return CheckResult.ok(id(), "publications " + String.join(", ", publications.appPublications())
						+ " exist");
			}
			String missing = String.join(", ", publications.missingAppPublications());
			if (!publications.otherCase().isEmpty()) {
				return CheckResult.fail(id(), "publication(s) named in zero.app-publications do not exist: " + missing
						+ "; did you mean " + publications.otherCase()
							.values()
							.stream()
							.map(Identifiers::quote)
							.collect(Collectors.joining(", "))
						+ "? Publication names are case-sensitive",
						"Name the publication exactly as it is: " + publications.otherCase()
							.entrySet()
							.stream()
							.map((entry) -> entry.getValue() + " instead of " + entry.getKey())
							.collect(Collectors.joining(", "))
						+ " in zero.app-publications.");
			}
			return CheckResult.fail(id(), "publication(s) named in zero.app-publications do not exist: " + missing,
					"Create " + (publications.missingAppPublications().size() > 1 ? "them" : "it")
							+ " as the tables' owner, for example: "
							+ publications.missingAppPublications()
								.stream()
								.map((name) -> createPublication(name, publications.tables()))
								.collect(Collectors.joining(" "))
							+ " Or remove " + missing + " from zero.app-publications.");
		}
		String name = settings.shard().defaultPublicationName();
		if (publications.defaultPublicationExists()) {
			return CheckResult.ok(id(), "publication " + name + " exists");
		}
		if (!publications.missingSchemas().isEmpty()) {
			return CheckResult.fail(id(), "schema(s) to publish do not exist: "
					+ String.join(", ", publications.missingSchemas()),
					"Create the schema(s), or name existing ones in zero.publication.schemas.");
		}
		Probes probes = facts.probes();
		if (probes.schemaPublication().succeeded()) {
			return CheckResult.ok(id(), "can create " + name + " FOR TABLES IN SCHEMA "
					+ String.join(", ", settings.publicationSchemas()));
		}
		List<Table> notOwned = publications.tables().stream().filter((table) -> !table.owned()).toList();
		String role = facts.role().name();
		if (probes.tablePublication().succeeded()) {
			String found = "cannot publish FOR TABLES IN SCHEMA (" + probes.schemaPublication().detail()
					+ "); will publish " + name + " FOR TABLE, table by table, adding tables created later";
			if (notOwned.isEmpty()) {
				return CheckResult.ok(id(), found);
			}
			return CheckResult.warn(id(), found + "; but role " + role + " does not own " + names(notOwned)
					+ ", which cannot be published", "Give role " + role + " the tables ("
							+ notOwned.stream()
								.map((table) -> "ALTER TABLE " + Identifiers.qualified(table.schema(), table.name())
										+ " OWNER TO " + Identifiers.quote(role) + ";")
								.collect(Collectors.joining(" "))
							+ "), or have their owner create a publication and name it in zero.app-publications.");
		}
		String appName = settings.shard().appId() + "_tables";
		return CheckResult.fail(id(), "role " + role + " cannot create publications: "
				+ probes.tablePublication().detail(),
				"Have the tables' owner or a superuser run: " + createPublication(appName, publications.tables())
						+ " Then set zero.app-publications=" + appName + ".");
	}

	static String createPublication(String name, List<Table> tables) {
		if (tables.isEmpty()) {
			return "CREATE PUBLICATION " + Identifiers.quote(name) + " FOR TABLE <your tables>;";
		}
		return "CREATE PUBLICATION " + Identifiers.quote(name) + " FOR TABLE "
				+ tables.stream()
					.map((table) -> Identifiers.qualified(table.schema(), table.name()))
					.collect(Collectors.joining(", "))
				+ ";";
	}

	private static String names(List<Table> tables) {
		return tables.stream().map((table) -> table.schema() + "." + table.name()).collect(Collectors.joining(", "));
	}

}
