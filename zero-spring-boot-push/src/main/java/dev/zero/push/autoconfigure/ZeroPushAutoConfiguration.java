package dev.zero.push.autoconfigure;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import tools.jackson.databind.json.JsonMapper;

import dev.zero.push.PushAuthorizer;
import dev.zero.push.ZeroMutator;
import dev.zero.push.processor.PushProcessor;
import dev.zero.push.processor.ShardTables;

/**
 * Serves Zero's push endpoint ({@code POST ${zero.push.path}}) in a Spring MVC application
 * with a {@code DataSource} and a {@code PlatformTransactionManager}. The route matches only
 * when the application has {@link ZeroMutator @ZeroMutator} methods; {@code zero.push.enabled=false}
 * turns it off. The shard is zero-cache's {@code {zero.app-id}_{zero.shard-num}}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ RouterFunction.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "zero.push.enabled", matchIfMissing = true)
@ConditionalOnBean({ DataSource.class, PlatformTransactionManager.class })
@EnableConfigurationProperties(ZeroPushProperties.class)
public final class ZeroPushAutoConfiguration {

	@Bean
	MutatorMethods zeroMutatorMethods(ConfigurableListableBeanFactory beanFactory, ObjectProvider<JsonMapper> json) {
		return new MutatorMethods(beanFactory, json.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	PushProcessor zeroPushProcessor(DataSource dataSource, PlatformTransactionManager transactionManager,
			MutatorMethods mutators, Environment environment, ObjectProvider<JsonMapper> json) {
		Binder binder = Binder.get(environment);
		String appId = binder.bind("zero.app-id", String.class).orElse("zero");
		int shardNum = binder.bind("zero.shard-num", Integer.class).orElse(0);
		ShardTables tables = new ShardTables(new JdbcTemplate(dataSource), appId + "_" + shardNum);
		return new PushProcessor(new TransactionTemplate(transactionManager), tables, mutators, appId,
				json.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	ShardTablesCheck zeroPushShardTablesCheck(PushProcessor processor) {
		return new ShardTablesCheck(processor.tables());
	}

	@Bean
	SmartInitializingSingleton zeroPushStartupCheck(MutatorMethods mutators, ShardTablesCheck tables) {
		// finds the methods once every singleton exists (a bad one fails startup), and tells
		// at startup when zero-cache's tables are not there yet
		return () -> {
			if (!mutators.isEmpty()) {
				tables.report();
			}
		};
	}

	@Bean
	RouterFunction<ServerResponse> zeroPushRoute(ZeroPushProperties properties, PushProcessor processor,
			ShardTablesCheck tables, MutatorMethods mutators, ObjectProvider<PushAuthorizer> authorizers,
			ObjectProvider<JsonMapper> json) {
		PushHandler handler = new PushHandler(processor, tables, authorizers, properties.getApiKey(),
				json.getIfAvailable(() -> JsonMapper.builder().build()));
		return RouterFunctions.route(RequestPredicates.POST(properties.getPath()).and((request) -> !mutators.isEmpty()),
				handler);
	}

}
