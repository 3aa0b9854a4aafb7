package io.certwiz.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.Problem;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the main code (docs/architecture.md): the store is generic, its SQL adapters are seen
 * only by the composition root, the domains know nothing of the faces, the faces' parts stay apart, and
 * the time comes from an injected clock. Each rule fails the build when a class imports what it must not.
 */
class LayeringTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.certwiz");
    }

    @Test
    void theStoreImportsNoDomain() {
        classes()
                .that()
                .resideInAPackage("io.certwiz.store")
                .should()
                .onlyDependOnClassesThat(resideOutsideOfPackage("io.certwiz..")
                        .or(resideInAnyPackage("io.certwiz.store"))
                        .or(belongToAnyOf(CertwizException.class, Failure.class, Problem.class)))
                .check(main);
    }

    @Test
    void onlyTheCompositionRootSeesTheSqlAdapters() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.certwiz", "io.certwiz.store.jdbc")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.certwiz.store.jdbc")
                .check(main);
    }

    @Test
    void theDomainsKnowNothingOfTheFaces() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.certwiz", "io.certwiz.cli..", "io.certwiz.server..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.certwiz.cli..", "io.certwiz.server..")
                .check(main);
    }

    @Test
    void theServerDoesNotUseTheCli() {
        noClasses()
                .that()
                .resideInAPackage("io.certwiz.server..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.certwiz.cli..")
                .check(main);
    }

    @Test
    void theListenersTheApiAndTheWizardStayApart() {
        noClasses()
                .that()
                .resideInAPackage("io.certwiz.server.tls")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.certwiz.server.api", "io.certwiz.server.wizard", "io.certwiz.server")
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("io.certwiz.server.api")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.certwiz.server.wizard", "io.certwiz.server")
                .check(main);
    }

    @Test
    void theAcmeClientAndServerAreIndependent() {
        noClasses()
                .that()
                .resideInAPackage("io.certwiz.acme.client")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.certwiz.acme.server")
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("io.certwiz.acme.server")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.certwiz.acme.client")
                .check(main);
    }

    @Test
    void theLeavesStayLeaves() {
        classes()
                .that()
                .resideInAPackage("io.certwiz.x509")
                .should()
                .onlyDependOnClassesThat(resideOutsideOfPackage("io.certwiz..")
                        .or(resideInAnyPackage("io.certwiz.x509", "io.certwiz.crypto"))
                        .or(belongToAnyOf(CertwizException.class, Failure.class, Problem.class)))
                .check(main);
        classes()
                .that()
                .resideInAnyPackage("io.certwiz.audit", "io.certwiz.renewal")
                .should()
                .onlyDependOnClassesThat(resideOutsideOfPackage("io.certwiz..")
                        .or(resideInAnyPackage(
                                "io.certwiz.audit", "io.certwiz.renewal", "io.certwiz.store", "io.certwiz.x509"))
                        .or(belongToAnyOf(CertwizException.class, Failure.class, Problem.class)))
                .check(main);
    }

    @Test
    void domainCodeTakesTheTimeFromAnInjectedClock() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.certwiz", "io.certwiz.cli..")
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .check(main);
    }
}
