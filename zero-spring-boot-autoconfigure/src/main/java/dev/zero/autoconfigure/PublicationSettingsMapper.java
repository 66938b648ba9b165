package dev.zero.autoconfigure;

import java.util.List;

import org.springframework.validation.Errors;

import dev.zero.publication.AppPublicationNames;
import dev.zero.publication.DdlDetection;
import dev.zero.publication.PublicationSettings;

/**
 * {@code zero.app-publications} and {@code zero.publication.*} to the
 * {@link PublicationSettings} the shard provisions.
 */
final class PublicationSettingsMapper {

	private PublicationSettingsMapper() {
	}

	static void validate(ZeroProperties properties, Errors errors) {
		List<String> appPublications = properties.getAppPublications();
		for (int i = 0; i < appPublications.size(); i++) {
			String problem = AppPublicationNames.problem(appPublications.get(i));
			if (problem != null) {
				errors.rejectValue("appPublications[" + i + "]", "zero.app-publications.invalid",
						"zero.app-publications: " + problem);
			}
		}
		List<String> schemas = properties.getPublication().getSchemas();
		if (schemas.isEmpty()) {
			errors.rejectValue("publication.schemas", "zero.publication.schemas.empty",
					"zero.publication.schemas: name at least one schema for the default publication");
		}
		for (int i = 0; i < schemas.size(); i++) {
			String problem = PublicationSettings.schemaProblem(schemas.get(i));
			if (problem != null) {
				errors.rejectValue("publication.schemas[" + i + "]", "zero.publication.schemas.invalid",
						"zero.publication.schemas: " + problem);
			}
		}
	}

	/**
	 * The publication settings; whether the provider refuses schema-wide publications and how
	 * schema changes are detected are found out upstream.
	 */
	static PublicationSettings settings(ZeroProperties properties) {
		return new PublicationSettings(ShardIdMapper.shardId(properties), properties.getAppPublications(),
				properties.getPublication().getSchemas(), properties.getPublication().getReplicaIdentity(), false,
				DdlDetection.RELATION_DIFF, ReplicationSettingsMapper.slotName(properties));
	}

}
