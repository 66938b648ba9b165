package dev.zero;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's shape. That it uses no Spring is the compiler's job: zero-core has no Spring on its
 * classpath. {@code dev.zero.kafka.ModuleArchitectureTests} checks the modules above it.
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.zero");

	@Test
	void packagesDoNotDependOnEachOtherInCircles() {
		slices().matching("dev.zero.(*)..")
			.should()
			.beFreeOfCycles()
			.because("data flows one way: upstream, publications, slot, stream, decoder, listeners")
			.check(classes);
	}

	@Test
	void theChangeApiDependsOnNoOtherPackageOfTheStarter() {
		noClasses().that()
			.resideInAPackage("dev.zero.change..")
			.should()
			.dependOnClassesThat(resideInAPackage("dev.zero..").and(resideOutsideOfPackage("dev.zero.change..")))
			.because("the public API stays independent of the wire protocol and of how rows are built "
					+ "(dev.zero.row); applications implement and receive it, nothing else")
			.check(classes);
	}

	@Test
	void everyPackageIsNullMarked() {
		assertThat(classes.stream()
			.map(JavaClass::getPackage)
			.distinct()
			.filter((javaPackage) -> !javaPackage.getName().startsWith("dev.zero.embedded")))
			.isNotEmpty()
			.allSatisfy((javaPackage) -> assertThat(javaPackage.isAnnotatedWith(NullMarked.class))
				.as("%s has a package-info.java annotated @NullMarked", javaPackage.getName())
				.isTrue());
	}

	@Test
	void theWireProtocolDecoderDoesNoIo() {
		noClasses().that()
			.resideInAPackage("dev.zero.pgoutput..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("java.sql..", "org.postgresql..", "java.net..", "java.nio.file..")
			.allowEmptyShould(true)
			.because("dev.zero.pgoutput turns bytes into messages and nothing else")
			.check(classes);
	}

}
