package dev.zero.push;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that runs one of Zero's custom mutators on the server, the
 * authoritative run of what the client ran optimistically. zero-cache forwards each mutation
 * to the push endpoint ({@code zero.push.path}); the method whose name matches the mutation's
 * runs inside a transaction of the application's {@code PlatformTransactionManager}, together
 * with the bookkeeping zero-cache confirms the mutation by.
 *
 * <p>Parameters, in any order: one for the mutation's arguments (the client's first
 * argument, bound with the application's {@code JsonMapper} to a record, a JavaBean, a
 * {@code JsonNode} or any type Jackson reads), {@link MutationContext}, and a
 * {@link java.security.Principal} (or a subtype such as Spring Security's
 * {@code Authentication}) for the request's authenticated user. A return value is ignored.
 * Throwing rolls the transaction back; the client then sees the mutation's error with the
 * exception's message ({@link ZeroMutatorException} adds details).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ZeroMutator {

	/**
	 * The mutator's name as the client calls it, such as {@code todo.create} for
	 * {@code mutators.todo.create}.
	 * @return the name
	 */
	String value();

}
