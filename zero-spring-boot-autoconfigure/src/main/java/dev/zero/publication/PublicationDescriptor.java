package dev.zero.publication;

import java.util.List;

/**
 * A publication in use and what it publishes.
 *
 * @param name its name
 * @param mode how it came to be
 * @param owner {@code starter} for the default publication, {@code user} for the
 * application's own
 * @param tables the tables it publishes
 */
public record PublicationDescriptor(String name, PublicationMode mode, String owner, List<PublishedTable> tables) {

}
