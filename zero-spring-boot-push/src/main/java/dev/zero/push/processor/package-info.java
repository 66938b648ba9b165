/**
 * The push protocol of zero-cache 1.9.0, as its TypeScript server ({@code zero-server}'s
 * {@code process-mutations.ts} and {@code zql-database.ts}) serves it: the push body read and
 * checked ({@link dev.zero.push.processor.PushBodyReader}), each mutation run with its
 * bookkeeping in the shard's tables ({@link dev.zero.push.processor.PushProcessor},
 * {@link dev.zero.push.processor.ShardTables}), and the responses zero-cache reads
 * ({@link dev.zero.push.processor.PushResponses}).
 *
 * <p>Internal: not part of the API (that is {@code dev.zero.push}); its classes may change in
 * any release.
 */
@NullMarked
package dev.zero.push.processor;

import org.jspecify.annotations.NullMarked;
