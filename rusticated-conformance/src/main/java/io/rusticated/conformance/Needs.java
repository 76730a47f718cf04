package io.rusticated.conformance;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The features a conformance case (a method) or all cases of a class need. A case runs where the
 * platform has them all. It is skipped only where the module running the kit declared the missing
 * feature absent, with {@code -Drusticated.conformance.absent=PROCESSES,POSIX_SHELL,...}; a
 * feature missing without that declaration, or declared absent while the platform has it, fails
 * the case. So a port says once, in its pom, what it cannot do, and nothing is skipped silently:
 * the Linux module declares nothing, so every case runs there.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Inherited
@ExtendWith(FeatureCheck.class)
public @interface Needs {
    Feature[] value();
}
