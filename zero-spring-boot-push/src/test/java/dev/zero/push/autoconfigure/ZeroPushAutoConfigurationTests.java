package dev.zero.push.autoconfigure;

import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.zero.embedded.junit.PostgresExtension;
import dev.zero.push.ZeroMutator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the push endpoint is served: only with {@code @ZeroMutator} methods, not with
 * {@code zero.push.enabled=false}, and with a 503 that names the tables while zero-cache's
 * shard tables do not exist.
 */
class ZeroPushAutoConfigurationTests {

	@RegisterExtension
	static final PostgresExtension postgres = PostgresExtension.logical();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZeroPushAutoConfiguration.class))
		.withUserConfiguration(Database.class);

	@Test
	void withoutMutatorsThePathIsNotRouted() {
		this.runner.run((context) -> assertThat(handler(context)).isEmpty());
	}

	@Test
	void disabledThereIsNoEndpoint() {
		this.runner.withUserConfiguration(Mutators.class)
			.withPropertyValues("zero.push.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void withoutZeroCachesTablesThePushIsAnsweredServiceUnavailable() {
		this.runner.withUserConfiguration(Mutators.class)
			.withPropertyValues("zero.app-id=nothere", "zero.push.path=/push")
			.run((context) -> {
				MockHttpServletResponse response = new MockHttpServletResponse();
				ServerRequest request = request("/push");
				handler(context, request).orElseThrow().handle(request).writeTo(request.servletRequest(), response,
						() -> List.of(new org.springframework.http.converter.StringHttpMessageConverter()));
				assertThat(response.getStatus()).isEqualTo(503);
				assertThat(response.getContentAsString()).contains("\\\"nothere_0\\\".\\\"clients\\\"")
					.contains("start zero-cache");
			});
	}

	private static Optional<HandlerFunction<ServerResponse>> handler(ApplicationContext context) throws Exception {
		return handler(context, request("/zero/push"));
	}

	@SuppressWarnings("unchecked")
	private static Optional<HandlerFunction<ServerResponse>> handler(ApplicationContext context, ServerRequest request)
			throws Exception {
		RouterFunction<ServerResponse> route = context.getBean(RouterFunction.class);
		return route.route(request);
	}

	private static ServerRequest request(String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setContentType("application/json");
		return ServerRequest.create(request, List.of());
	}

	@Configuration(proxyBeanMethods = false)
	static class Database {

		@Bean
		DataSource dataSource() {
			return postgres.database().dataSource();
		}

		@Bean
		PlatformTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Mutators {

		@Bean
		Object todoMutators() {
			return new Object() {

				@ZeroMutator("todo.create")
				void create(String title) {
				}

			};
		}

	}

}
