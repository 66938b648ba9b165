package dev.zero.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifier for the DataSource whose database the starter replicates from, when it is not
 * the application's main one (which is then normally marked {@code @Primary}). The starter
 * opens connections of its own, so it reads the JDBC URL, user name and password from that
 * DataSource's getters (HikariCP, Tomcat JDBC, Commons DBCP2, PostgreSQL's
 * {@code PGSimpleDataSource}, Spring's {@code SimpleDriverDataSource}, ...) and never borrows
 * its connections.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface ZeroDataSource {

}
