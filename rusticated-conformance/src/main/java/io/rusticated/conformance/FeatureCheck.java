package io.rusticated.conformance;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs, skips or fails a case by the features its {@link Needs} name (on its class and on itself):
 * skipped only for a feature the running module declared absent in
 * {@value #ABSENT}, failed for one missing undeclared or declared absent but present.
 */
public final class FeatureCheck implements BeforeEachCallback {
    /** The system property in which a module names the features its platform lacks, comma-separated. */
    public static final String ABSENT = "rusticated.conformance.absent";

    /** What each probe said, asked once per JVM. Guarded by itself. */
    private static final Map<Feature, Boolean> PROBED = new EnumMap<>(Feature.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Set<Feature> needed = EnumSet.noneOf(Feature.class);
        context.getTestClass().map(c -> c.getAnnotation(Needs.class)).ifPresent(n -> needed.addAll(Arrays.asList(n.value())));
        context.getTestMethod().map(m -> m.getAnnotation(Needs.class)).ifPresent(n -> needed.addAll(Arrays.asList(n.value())));
        Set<Feature> declaredAbsent = declaredAbsent();
        for (Feature f : needed) {
            boolean declared = declaredAbsent.contains(f);
            if (!f.probed()) {
                if (declared) {
                    throw new TestAbortedException(f + " is declared absent on this platform (" + ABSENT + ")");
                }
                continue;
            }
            boolean present = present(f);
            if (present && declared) {
                throw new AssertionError(f + " is declared absent (" + ABSENT + ") but this platform has it: remove it from the declaration");
            }
            if (!present && !declared) {
                throw new AssertionError("this case needs " + f + ", which this platform lacks; a module that cannot provide it says so in "
                        + ABSENT + " (then the case is skipped), never silently");
            }
            if (!present) {
                throw new TestAbortedException(f + " is absent on this platform, as its module declares (" + ABSENT + ")");
            }
        }
    }

    private static boolean present(Feature f) {
        synchronized (PROBED) {
            return PROBED.computeIfAbsent(f, Feature::presentHere);
        }
    }

    /** The features named in {@value #ABSENT}; an unknown name is an error in the module's configuration. */
    static Set<Feature> declaredAbsent() {
        String value = System.getProperty(ABSENT, "").trim();
        if (value.isEmpty()) {
            return EnumSet.noneOf(Feature.class);
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .map(Feature::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Feature.class)));
    }
}
