package dev.segmentlog.spi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The store-spi rules of DESIGN section 2: Jackson is an implementation detail of the codec, never
 * part of the port's signatures.
 */
@AnalyzeClasses(packages = {"dev.segmentlog.spi", "dev.segmentlog.log"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final DescribedPredicate<JavaClass> JACKSON =
            JavaClass.Predicates.resideInAnyPackage("tools.jackson..", "com.fasterxml..");

    /** A member others can see: public or protected, in a public type. */
    private static final DescribedPredicate<JavaMember> VISIBLE_API = DescribedPredicate.describe(
            "are public or protected in a public type",
            member -> (member.getModifiers().contains(JavaModifier.PUBLIC)
                    || member.getModifiers().contains(JavaModifier.PROTECTED))
                    && member.getOwner().getModifiers().contains(JavaModifier.PUBLIC));

    @ArchTest
    static final ArchRule spi_methods_and_constructors_do_not_expose_jackson_types = codeUnits()
            .that(VISIBLE_API)
            .and().areDeclaredInClassesThat().resideInAnyPackage("dev.segmentlog.spi..", "dev.segmentlog.log..")
            .should(notMention("parameter or return type", ArchitectureTest::signatureTypes));

    @ArchTest
    static final ArchRule spi_fields_do_not_expose_jackson_types = fields()
            .that(VISIBLE_API)
            .and().areDeclaredInClassesThat().resideInAnyPackage("dev.segmentlog.spi..", "dev.segmentlog.log..")
            .should(notMention("field type", ArchitectureTest::fieldTypes))
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule spi_public_types_do_not_extend_or_implement_jackson_types = classes()
            .that().arePublic()
            .and().resideInAnyPackage("dev.segmentlog.spi..", "dev.segmentlog.log..")
            .should().notBeAssignableTo(JACKSON);

    @ArchTest
    static final ArchRule spi_depends_only_on_the_jdk_core_and_jackson = classes()
            .that().resideInAnyPackage("dev.segmentlog.spi..", "dev.segmentlog.log..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "dev.segmentlog.core..", "dev.segmentlog.spi..", "dev.segmentlog.log..", "tools.jackson..",
                    "com.fasterxml.jackson.annotation..");

    @ArchTest
    static final ArchRule the_port_and_the_codec_do_not_know_the_operations_built_on_them = noClasses()
            .that().resideInAPackage("dev.segmentlog.spi..")
            .should().dependOnClassesThat().resideInAPackage("dev.segmentlog.log..")
            .because("a backend author needs the port and the codec only; operations are built on the port");

    @ArchTest
    static final ArchRule only_the_codec_parses_json = noClasses()
            .that().resideOutsideOfPackage("dev.segmentlog.spi.codec")
            .should().dependOnClassesThat().resideInAnyPackage("tools.jackson..", "com.fasterxml..")
            .because("the canonical form has one reader and one writer");

    private static List<JavaClass> signatureTypes(JavaCodeUnit unit) {
        List<JavaClass> types = new ArrayList<>(unit.getReturnType().getAllInvolvedRawTypes());
        for (JavaType parameter : unit.getParameterTypes()) {
            types.addAll(parameter.getAllInvolvedRawTypes());
        }
        for (JavaClass thrown : unit.getThrowsClause().getTypes()) {
            types.add(thrown);
        }
        return types;
    }

    private interface TypesOf<T> {
        List<JavaClass> of(T item);
    }

    private static <T extends JavaMember> ArchCondition<T> notMention(String what, TypesOf<T> types) {
        return new ArchCondition<>("not have a Jackson " + what) {
            @Override
            public void check(T member, ConditionEvents events) {
                for (JavaClass type : types.of(member)) {
                    if (JACKSON.test(type)) {
                        events.add(SimpleConditionEvent.violated(member,
                                member.getFullName() + " exposes " + type.getName() + " in its " + what));
                    }
                }
            }
        };
    }

    private static List<JavaClass> fieldTypes(JavaField field) {
        return List.copyOf(field.getType().getAllInvolvedRawTypes());
    }
}
