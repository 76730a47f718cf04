package io.rusticated.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the build put things: the rusticated image, the stock JDK that linked it, the demo jar. */
final class Runtimes {
    private Runtimes() {
    }

    private static Path property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set; run the tests through Maven (failsafe sets it)");
        }
        return Path.of(v).toAbsolutePath().normalize();
    }

    static Path image() {
        return property("rusticated.image");
    }

    static Path imageJava() {
        Path java = image().resolve("bin/java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException("no runtime image at " + image() + "; build it with ./mvnw -pl rusticated-runtime -am package");
        }
        return java;
    }

    /** The image linked with the JDK's compiler added (-Drusticated.image.extraModules=jdk.compiler), for the tests that compile. */
    static Path toolsImageJava() {
        Path java = property("rusticated.toolsImage").resolve("bin/java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException("no tools image at " + java.getParent().getParent() + "; build it with ./mvnw -pl rusticated-runtime -am package");
        }
        return java;
    }

    /** The JDK running the build: the reference every program's output is compared with. */
    static Path stockJava() {
        return property("stock.java");
    }

    /** The rusticated module jars the image was linked from. */
    static Path modules() {
        return property("rusticated.modules");
    }

    /**
     * The options that put a stock JDK on rusticated, as the image's launcher carries them, plus
     * the module path; {@code -Xlog:cds=off} silences the stock JDK's CDS note (on stdout) that
     * its archived application classes are off when {@code java.system.class.loader} is set.
     */
    static List<String> stockJdkOnRusticated() throws java.io.IOException {
        String modulePath;
        try (var jars = Files.list(modules())) {
            modulePath = String.join(java.io.File.pathSeparator, jars.map(Path::toString).sorted().toList());
        }
        return List.of("-Xlog:cds=off", "--module-path", modulePath, "--add-modules", "io.rusticated",
                "--add-opens=java.base/sun.nio.fs=io.rusticated.linux", "--enable-native-access=io.rusticated,io.rusticated.unix,io.rusticated.linux",
                "-Djava.nio.file.spi.DefaultFileSystemProvider=io.rusticated.jdk.RusticatedFileSystemProvider",
                "-Djava.system.class.loader=io.rusticated.jdk.RusticatedSystemClassLoader",
                "-Djava.nio.channels.spi.AsynchronousChannelProvider=io.rusticated.jdk.RusticatedAsynchronousChannelProvider",
                "--add-exports", "java.base/sun.nio.ch=io.rusticated");
    }

    static Path demoJar() {
        return property("demo.jar");
    }

    static Path demoDir() {
        return property("demo.dir");
    }

    static Path repoRoot() {
        return property("repo.root");
    }

    /** The compiled test classes, which hold the plain JDK programs in package {@code jdkprograms}. */
    static Path programClasses() {
        return property("programs.classes");
    }

    /** {@code java [options] -jar demo.jar} on the given launcher. */
    static List<String> demoCommand(Path java, String... options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(List.of(options));
        cmd.add("-jar");
        cmd.add(demoJar().toString());
        return cmd;
    }
}
