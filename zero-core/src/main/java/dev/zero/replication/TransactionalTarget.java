package dev.zero.replication;

/**
 * The former home of {@link dev.zero.change.TransactionalTarget}, kept for one release so that a
 * target written against it keeps working: a bean of this type is a
 * {@code dev.zero.change.TransactionalTarget} like any other.
 *
 * @deprecated since 0.2 for removal in 0.3: implement {@link dev.zero.change.TransactionalTarget}
 */
@Deprecated(since = "0.2", forRemoval = true)
public interface TransactionalTarget extends dev.zero.change.TransactionalTarget {

}
