package dev.zero.sample;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modules' shape, seen from the top of the stack (the sample's test classpath holds every
 * module's classes: the starters, Kafka, push and the test module): the core never reaches up,
 * the envelope is plain Java, Spring Boot glue stays in the auto-configuration packages (and in
 * the test module, which is Boot test support). The sample itself is an application, not
 * checked here.
 */
class ModuleArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		// the other modules' test helpers come as test-jars
		.withImportOption((location) -> !location.contains("-tests.jar"))
		.importPackages("dev.zero")
		.that(resideOutsideOfPackage("dev.zero.sample.."));

	@Test
	void theDebeziumEnvelopeUsesNeitherSpringNorTheKafkaClients() {
		noClasses().that()
			.resideInAPackage("dev.zero.debezium..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "org.apache.kafka..", "dev.zero.kafka..",
					"dev.zero.autoconfigure..")
			.because("dev.zero.debezium encodes changes as Debezium does; sending them is dev.zero.kafka's job")
			.check(classes);
	}

	@Test
	void springBootIsUsedOnlyByTheAutoConfigurationPackages() {
		noClasses().that()
			.resideOutsideOfPackages("dev.zero.autoconfigure..", "dev.zero.kafka.autoconfigure..",
					"dev.zero.push.autoconfigure..", "dev.zero.embedded..", "dev.zero.test..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot..")
			.because("Boot's glue lives in the auto-configuration packages; the Kafka target uses Spring Kafka only, "
					+ "the push processor Spring's JDBC and transactions")
			.check(classes);
	}

	@Test
	void theCoreDependsOnNoModuleAboveIt() {
		noClasses().that()
			.resideInAnyPackage("dev.zero.change..", "dev.zero.replication..", "dev.zero.upstream..",
					"dev.zero.publication..", "dev.zero.supervisor..", "dev.zero.target..", "dev.zero.state..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.zero.autoconfigure..", "dev.zero.kafka..", "dev.zero.debezium..",
					"dev.zero.push..", "dev.zero.test..")
			.check(classes);
	}

	@Test
	void packagesDoNotDependOnEachOtherInCircles() {
		slices().matching("dev.zero.(*)..")
			.should()
			.beFreeOfCycles()
			.check(classes);
	}

	@Test
	void everyPackageIsNullMarked() {
		assertThat(classes.stream()
			.map(JavaClass::getPackage)
			.distinct()
			.filter((javaPackage) -> !javaPackage.getName().startsWith("dev.zero.embedded")))
			.anySatisfy((javaPackage) -> assertThat(javaPackage.getName()).startsWith("dev.zero.kafka"))
			.anySatisfy((javaPackage) -> assertThat(javaPackage.getName()).startsWith("dev.zero.autoconfigure"))
			.anySatisfy((javaPackage) -> assertThat(javaPackage.getName()).startsWith("dev.zero.push"))
			.anySatisfy((javaPackage) -> assertThat(javaPackage.getName()).startsWith("dev.zero.test"))
			.allSatisfy((javaPackage) -> assertThat(javaPackage.isAnnotatedWith(NullMarked.class))
				.as("%s has a package-info.java annotated @NullMarked", javaPackage.getName())
				.isTrue());
	}

}
