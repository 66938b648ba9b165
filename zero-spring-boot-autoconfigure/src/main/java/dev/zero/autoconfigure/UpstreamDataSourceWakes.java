package dev.zero.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import dev.zero.supervisor.ShardSupervisor;

/**
 * With {@code zero.replication.idle-release} set, wraps the DataSource the starter replicates
 * from in a {@link WakingDataSource} proxy: the {@code @ZeroDataSource} one, else the only or primary
 * DataSource, and none when {@code zero.upstream.url} or an application's
 * {@link ZeroConnectionDetails} names the upstream. Once the shard's supervisor exists, the
 * wrapper wakes it only if the upstream's details were indeed read from that DataSource.
 */
final class UpstreamDataSourceWakes implements BeanPostProcessor, BeanFactoryAware, EnvironmentAware {

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private @Nullable Environment environment;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof DataSource dataSource && WakingDataSource.of(bean) == null && isUpstream(beanName)) {
			return WakingDataSource.wrap(dataSource);
		}
		if (bean instanceof ShardSupervisor supervisor && this.beanFactory != null) {
			ZeroConnectionDetails details = this.beanFactory.getBeanProvider(ZeroConnectionDetails.class).getIfUnique();
			WakingDataSource waking = (details instanceof ZeroAutoConfiguration.PropertiesZeroConnectionDetails properties)
					? WakingDataSource.of(properties.dataSource()) : null;
			if (waking != null) {
				waking.wakes(supervisor);
			}
		}
		return bean;
	}

	private boolean isUpstream(String beanName) {
		ConfigurableListableBeanFactory factory = this.beanFactory;
		if (factory == null || (this.environment != null
				&& StringUtils.hasText(this.environment.getProperty("zero.upstream.url")))) {
			return false;
		}
		for (String name : factory.getBeanNamesForType(ZeroConnectionDetails.class, true, false)) {
			Class<?> type = factory.getType(name, false);
			if (type == null || !ZeroAutoConfiguration.PropertiesZeroConnectionDetails.class.isAssignableFrom(type)) {
				return false;
			}
		}
		List<String> names = Arrays.asList(factory.getBeanNamesForType(DataSource.class, true, false));
		List<String> marked = new ArrayList<>();
		for (String name : names) {
			if (isZeroDataSource(factory, name)) {
				marked.add(name);
			}
		}
		if (!marked.isEmpty()) {
			return marked.contains(beanName);
		}
		return names.size() == 1 ? names.contains(beanName)
				: factory.containsBeanDefinition(beanName) && factory.getBeanDefinition(beanName).isPrimary();
	}

	private static boolean isZeroDataSource(ConfigurableListableBeanFactory factory, String name) {
		if (factory.findAnnotationOnBean(name, ZeroDataSource.class, false) != null) {
			return true;
		}
		if (factory.containsBeanDefinition(name)) {
			BeanDefinition definition = factory.getMergedBeanDefinition(name);
			return definition instanceof AbstractBeanDefinition abstractDefinition
					&& abstractDefinition.hasQualifier(ZeroDataSource.class.getName());
		}
		return false;
	}

}
