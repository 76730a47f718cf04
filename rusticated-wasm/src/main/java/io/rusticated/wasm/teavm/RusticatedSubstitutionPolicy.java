package io.rusticated.wasm.teavm;

import java.util.Set;
import org.teavm.extension.spi.substitution.SimpleSubstitutionPolicy;
import org.teavm.extension.spi.substitution.SubstitutionSink;

/**
 * TeaVM's substitution SPI: the JDK classes TeaVM's class library lacks and rusticated provides,
 * each compiled from {@code io.rusticated.wasm.classlib.java.<package>.T<Name>}. Only these
 * names: substituting a class TeaVM has would depend on the order of policies on its class path.
 * TeaVM renames substituted types only inside substitutes, so the classes that implement them
 * are substitutes too, under {@code java.rusticated} (a package no JDK has).
 */
public final class RusticatedSubstitutionPolicy extends SimpleSubstitutionPolicy {
    static final Set<String> PROVIDED = Set.of(
            "java.nio.channels.AsynchronousFileChannel",
            "java.nio.channels.AsynchronousCloseException",
            "java.nio.channels.CompletionHandler",
            "java.util.concurrent.Future",
            "java.util.concurrent.TimeoutException");
    static final String IMPLEMENTATIONS = "java.rusticated.";

    @Override
    public void contribute(SubstitutionSink sink) {
        sink.selectClasses(name -> PROVIDED.contains(name) || name.startsWith(IMPLEMENTATIONS))
                .replacePackage("java", "io.rusticated.wasm.classlib.java")
                .simpleNamePrefix("T");
    }
}
