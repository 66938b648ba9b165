package dev.zero.publication;

import java.util.List;

/**
 * A publication in use and what it publishes.
 *
 * @param name its name
 * @param mode how it came to be
 * @param owner whose it is
 * @param tables the tables it publishes
 */
public record PublicationDescriptor(String name, PublicationMode mode, PublicationOwner owner,
		List<PublishedTable> tables) {

}
