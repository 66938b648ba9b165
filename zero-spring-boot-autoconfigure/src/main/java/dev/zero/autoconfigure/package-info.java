/**
 * Spring glue only: auto-configuration, properties, health, endpoint, metrics and the failure
 * analyzer of the zero starter. The only package that imports Spring.
 */
@NullMarked
package dev.zero.autoconfigure;

import org.jspecify.annotations.NullMarked;
