package dev.segmentlog.conformance;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The architecture rules every storage adapter follows, as ArchUnit rules an adapter (ours or a
 * third party's) runs on its own production classes:
 * <ul>
 *   <li>of segmentlog it uses only the public model and port: {@code dev.segmentlog.core} and
 *       {@code dev.segmentlog.spi};</li>
 *   <li>never an {@code internal} package of segmentlog (its own {@code internal} package is fine);</li>
 *   <li>never another adapter ({@code dev.segmentlog.store..} other than its own package);</li>
 *   <li>never the conformance kit: production code does not lean on test support, and the port is
 *       what it implements.</li>
 * </ul>
 *
 * <p>Run them in a plain test:
 * <pre>{@code
 * @Test void adapterFollowsTheSegmentlogRules() {
 *     AdapterArchitectureRules.check("com.acme.segmentlog.redis");
 * }
 * }</pre>
 * or with {@code archunit-junit5}:
 * {@code @ArchTest static final ArchRule adapter_rules = AdapterArchitectureRules.all("com.acme.segmentlog.redis");}
 *
 * <p>Each rule fails when the package holds no classes at all (ArchUnit's default), so a misspelt
 * package name does not pass silently.
 */
public final class AdapterArchitectureRules {

    private static final String SEGMENTLOG = "dev.segmentlog..";
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");

    private AdapterArchitectureRules() {}

    /**
     * The adapter's classes use no {@code internal} package of segmentlog but their own.
     *
     * @param adapterPackage the adapter's root package, such as {@code dev.segmentlog.store.jsonl}
     * @throws IllegalArgumentException if {@code adapterPackage} is not a package name, or is a package of
     *                                  segmentlog's own core, SPI or kit
     */
    public static ArchRule adapterDoesNotUseInternalPackagesOfSegmentlog(String adapterPackage) {
        String own = ownPackages(adapterPackage);
        return noClasses().that().resideInAPackage(own)
                .should().dependOnClassesThat(notOwn(own, resideInAPackage("dev.segmentlog..internal..")))
                .as("adapter " + adapterPackage + " does not use internal packages of segmentlog")
                .because("internal packages are not API: they change without notice");
    }

    /**
     * The adapter's classes use no other segmentlog adapter ({@code dev.segmentlog.store..}).
     *
     * @throws IllegalArgumentException as {@link #adapterDoesNotUseInternalPackagesOfSegmentlog}
     */
    public static ArchRule adapterDoesNotDependOnOtherAdapters(String adapterPackage) {
        String own = ownPackages(adapterPackage);
        return noClasses().that().resideInAPackage(own)
                .should().dependOnClassesThat(notOwn(own, resideInAPackage("dev.segmentlog.store..")))
                .as("adapter " + adapterPackage + " does not depend on other adapters")
                .because("adapters are independent plug-ins: each depends on the port only");
    }

    /**
     * The adapter's classes use nothing of the conformance kit ({@code dev.segmentlog.conformance}).
     *
     * @throws IllegalArgumentException as {@link #adapterDoesNotUseInternalPackagesOfSegmentlog}
     */
    public static ArchRule adapterDoesNotDependOnTheConformanceKit(String adapterPackage) {
        String own = ownPackages(adapterPackage);
        return noClasses().that().resideInAPackage(own)
                .should().dependOnClassesThat(resideInAPackage("dev.segmentlog.conformance.."))
                .as("adapter " + adapterPackage + " does not depend on the conformance kit")
                .because("production code never depends on test support; an adapter implements the port itself");
    }

    /**
     * Of segmentlog, the adapter's classes use only {@code dev.segmentlog.core} and
     * {@code dev.segmentlog.spi} (and their own package).
     *
     * @throws IllegalArgumentException as {@link #adapterDoesNotUseInternalPackagesOfSegmentlog}
     */
    public static ArchRule adapterUsesOnlyTheCoreAndSpiOfSegmentlog(String adapterPackage) {
        String own = ownPackages(adapterPackage);
        DescribedPredicate<JavaClass> elsewhere = resideInAPackage(SEGMENTLOG)
                .and(not(resideInAnyPackage("dev.segmentlog.core..", "dev.segmentlog.spi..", own)));
        return noClasses().that().resideInAPackage(own)
                .should().dependOnClassesThat(elsewhere.as("reside in a segmentlog package other than core, spi and "
                        + own))
                .as("adapter " + adapterPackage + " uses only the core and spi of segmentlog")
                .because("the model and the port are the whole contract between segmentlog and a store");
    }

    /**
     * All the rules above, as one.
     *
     * @throws IllegalArgumentException as {@link #adapterDoesNotUseInternalPackagesOfSegmentlog}
     */
    public static ArchRule all(String adapterPackage) {
        return CompositeArchRule.of(adapterDoesNotUseInternalPackagesOfSegmentlog(adapterPackage))
                .and(adapterDoesNotDependOnOtherAdapters(adapterPackage))
                .and(adapterDoesNotDependOnTheConformanceKit(adapterPackage))
                .and(adapterUsesOnlyTheCoreAndSpiOfSegmentlog(adapterPackage));
    }

    /**
     * Imports the production classes (test classes left out) of {@code adapterPackage} and its
     * subpackages from the class path, and checks {@link #all} on them.
     *
     * @throws AssertionError           listing every violation, or when the package holds no classes
     * @throws IllegalArgumentException as {@link #adapterDoesNotUseInternalPackagesOfSegmentlog}
     */
    public static void check(String adapterPackage) {
        ownPackages(adapterPackage);
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(adapterPackage);
        check(classes, adapterPackage);
    }

    static void check(JavaClasses classes, String adapterPackage) {
        all(adapterPackage).check(classes);
    }

    private static DescribedPredicate<JavaClass> notOwn(String own, DescribedPredicate<JavaClass> target) {
        return target.and(not(resideInAPackage(own))).as(target.getDescription() + " outside " + own);
    }

    private static String ownPackages(String adapterPackage) {
        Objects.requireNonNull(adapterPackage, "adapterPackage");
        if (!PACKAGE.matcher(adapterPackage).matches()) {
            throw new IllegalArgumentException("not a package name: '" + adapterPackage + "'");
        }
        boolean holdsAllAdapters = adapterPackage.equals("dev.segmentlog.store") || adapterPackage.equals("dev.segmentlog")
                || "dev.segmentlog".startsWith(adapterPackage + ".");
        boolean insideSegmentlogItself = Stream.of("dev.segmentlog.core", "dev.segmentlog.spi", "dev.segmentlog.log",
                        "dev.segmentlog.importer", "dev.segmentlog.conformance")
                .anyMatch(reserved -> adapterPackage.equals(reserved) || adapterPackage.startsWith(reserved + "."));
        if (holdsAllAdapters || insideSegmentlogItself) {
            throw new IllegalArgumentException("'" + adapterPackage + "' is not an adapter package: give the adapter's own "
                    + "root package, such as dev.segmentlog.store.jsonl or com.acme.segmentlog.redis");
        }
        return adapterPackage + "..";
    }
}
