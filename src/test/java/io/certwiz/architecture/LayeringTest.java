package io.certwiz.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.certwiz.Backups;
import io.certwiz.Certwiz;
import io.certwiz.InitService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layering of the main code, as docs/architecture.md draws it: each layer uses only the layers below
 * it, no two packages import each other, the store knows no domain, the domains know nothing of the
 * faces, the SQL adapters are seen only by the composition root, and the time comes from an injected clock.
 * A new package must be given a layer here.
 */
class LayeringTest {
    /** Bottom to top. A class may use classes of its own layer or a lower one, never a higher one. */
    static final List<Layer> LAYERS = List.of(
            new Layer("vocabulary", List.of(), List.of("CertwizException", "DurationText", "Failure", "Problem")),
            Layer.of("foundations", "x509", "crypto", "store", "keystore"),
            Layer.of("revocation status", "revocation"),
            Layer.of("records of the server", "audit", "auth", "usage", "trust"),
            Layer.of("certification authorities", "ca"),
            Layer.of("ACME", "acme.client", "acme.server"),
            Layer.of("held certificates", "certificate"),
            Layer.of("assignment", "assignment"),
            Layer.of("requests", "request"),
            Layer.of("operations across domains", "inventory", "renewal", "check", "token", "alert"),
            Layer.of("SQL adapters", "store.jdbc"),
            new Layer(
                    "composition root",
                    List.of(),
                    List.of("Certwiz", "Records", "InitService", "Backups", "MasterKeyRotation")),
            Layer.of("listeners and REST API", "server.tls", "server.api"),
            Layer.of("web wizard", "server.wizard"),
            Layer.of("server", "server"),
            Layer.of("command line", "cli"));

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // The main classes only, wherever the build put them (not the test classes beside them).
        main = new ClassFileImporter()
                .importUrl(Certwiz.class.getProtectionDomain().getCodeSource().getLocation());
    }

    static Stream<Layer> layers() {
        return LAYERS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void eachLayerUsesOnlyTheLayersBelow(Layer layer) {
        int index = LAYERS.indexOf(layer);
        DescribedPredicate<JavaClass> allowed = DescribedPredicate.describe(
                "outside io.certwiz",
                type -> !type.getBaseComponentType().getPackageName().startsWith("io.certwiz"));
        for (Layer below : LAYERS.subList(0, index + 1)) {
            allowed = allowed.or(below.members());
        }
        classes()
                .that(layer.members())
                .should()
                .onlyDependOnClassesThat(allowed)
                .check(main);
    }

    @Test
    void everyClassHasALayer() {
        DescribedPredicate<JavaClass> placed = LAYERS.getFirst().members();
        for (Layer layer : LAYERS) {
            placed = placed.or(layer.members());
        }
        classes().should(placedIn(placed)).check(main);
    }

    @Test
    void noTwoPackagesImportEachOther() {
        slices().matching("io.certwiz.(**)").should().beFreeOfCycles().check(main);
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
    void theListenersAndTheApiStayApart() {
        noClasses()
                .that()
                .resideInAPackage("io.certwiz.server.tls")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.certwiz.server.api")
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("io.certwiz.server.api")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.certwiz.server.tls")
                .check(main);
    }

    @Test
    void domainCodeTakesTheTimeFromAnInjectedClock() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.certwiz.cli..", "io.certwiz.server..")
                .and()
                .doNotBelongToAnyOf(Certwiz.class, InitService.class, Backups.class)
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .check(main);
    }

    private static com.tngtech.archunit.lang.ArchCondition<JavaClass> placedIn(DescribedPredicate<JavaClass> placed) {
        return new com.tngtech.archunit.lang.ArchCondition<>("be in a layer of LayeringTest.LAYERS") {
            @Override
            public void check(JavaClass item, com.tngtech.archunit.lang.ConditionEvents events) {
                if (!placed.test(item) && !item.getSimpleName().equals("package-info")) {
                    events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(
                            item, item.getName() + " is in no layer"));
                }
            }
        };
    }

    /**
     * A layer: whole packages below io.certwiz (without their subpackages) and classes of the io.certwiz
     * package itself, by simple name (their nested classes too).
     */
    record Layer(String name, List<String> packages, List<String> rootClasses) {
        static Layer of(String name, String... packages) {
            return new Layer(name, List.of(packages), List.of());
        }

        DescribedPredicate<JavaClass> members() {
            return DescribedPredicate.describe(name, type -> {
                JavaClass base = type.getBaseComponentType();
                String pkg = base.getPackageName();
                if (pkg.equals("io.certwiz")) {
                    String outer =
                            base.getName().substring("io.certwiz.".length()).split("\\$")[0];
                    return rootClasses.contains(outer);
                }
                return pkg.startsWith("io.certwiz.") && packages.contains(pkg.substring("io.certwiz.".length()));
            });
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
