package dev.zero.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds a {@link ChangeRecorder} to a {@code @SpringBootTest}'s application context: a
 * listener that records the changes every listener has handled, waits for the stream before
 * a test writes, and waits for a change to arrive. Test classes with the same annotations
 * share one context, and so one replication stream.
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureZeroTest
 * class TodoTests {
 *
 *     @Autowired ChangeRecorder changes;
 *
 *     @Test
 *     void ... {
 *         changes.stimulate(() -> jdbc.update("INSERT INTO todo (title) VALUES ('x')"))
 *             .andWaitFor(Insert.class, "todo", (row) -> "x".equals(row.getString("title")));
 *     }
 * }
 * }</pre>
 * The auto-configurations it imports are listed in
 * {@code META-INF/spring/dev.zero.test.autoconfigure.AutoConfigureZeroTest.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureZeroTest {

}
