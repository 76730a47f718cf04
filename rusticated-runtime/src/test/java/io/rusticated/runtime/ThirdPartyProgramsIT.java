package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real programs of others, unchanged, on the image and on the stock JDK: an embedded database
 * (H2), a search library (Lucene, which maps its index files, locks them and writes through
 * channels) and a build tool (Maven, building a small project with its compiler plugin, which runs
 * javac in-process, on the image linked with the compiler). Each must print the same and leave the
 * same files, and the image's trace must show that rusticated served its file calls.
 */
class ThirdPartyProgramsIT {
    /** The JDK's log records carry the time; without it both runs print the same. */
    private static final String NO_TIMES = "-Djava.util.logging.SimpleFormatter.format=%4$s %3$s: %5$s%n";

    @TempDir
    Path work;

    private static Path jar(String property) {
        String p = System.getProperty(property);
        if (p == null) {
            throw new IllegalStateException(property + " is not set; run the tests through Maven (failsafe sets it)");
        }
        return Path.of(p);
    }

    /** The program's run on each runtime; the image's with the trace on, in {@code work/trace-NAME.txt}. */
    private List<Launch.Result> runBoth(String name, String library, String program) throws Exception {
        List<Launch.Result> results = new ArrayList<>();
        for (String runtime : List.of("stock", "image")) {
            Path dir = Files.createDirectories(work.resolve(name + "-" + runtime));
            List<String> cmd = new ArrayList<>();
            cmd.add(runtime.equals("stock") ? Runtimes.stockJava().toString() : Runtimes.imageJava().toString());
            if (runtime.equals("image")) {
                cmd.add("-Drusticated.trace=" + work.resolve("trace-" + name + ".txt"));
            }
            cmd.addAll(List.of(NO_TIMES, "-cp", Runtimes.programClasses() + File.pathSeparator + jar(library), "jdkprograms." + program,
                    dir.toString()));
            results.add(Launch.of(cmd).in(dir).run());
        }
        return results;
    }

    /**
     * The trace shows more than {@code atLeast} calls served, and no call handed to the JDK but the
     * kinds rusticated never serves (attribute views, a {@code unix:} attribute, a new file system).
     */
    private void assertServed(String name, int atLeast) throws Exception {
        List<String> lines = Files.readAllLines(work.resolve("trace-" + name + ".txt"));
        assertThat(lines.stream().filter(l -> !l.startsWith("#")).count()).as("operations rusticated served").isGreaterThan(atLeast);
        assertThat(lines).as("calls handed to the JDK").filteredOn(l -> l.startsWith("# jdk:"))
                .allMatch(l -> l.endsWith("(NOT_SERVED)") || l.endsWith("(ATTRIBUTES)"));
    }

    @Test
    void anEmbeddedDatabase() throws Exception {
        List<Launch.Result> r = runBoth("h2", "h2.jar", "H2Database");
        assertThat(r.get(0).exitCode()).as("%s", r.get(0)).isZero();
        assertThat(r.get(0).stdout()).startsWith("4545 | 241493.90 | item-1004 | item-zzn\n");
        assertThat(r.get(1)).isEqualTo(r.get(0));
        assertServed("h2", 500);
    }

    @Test
    void aSearchLibrary() throws Exception {
        List<Launch.Result> r = runBoth("lucene", "lucene.jar", "LuceneSearch");
        assertThat(r.get(0).exitCode()).as("%s", r.get(0)).isZero();
        assertThat(r.get(0).stdout()).startsWith("documents 3000, segments 1\nbody:kilo: 1002+ hits");
        assertThat(r.get(1)).isEqualTo(r.get(0));
        assertServed("lucene", 500);
    }

    /** Maven, offline, with the plugins this build itself resolved; the jar it makes is reproducible (a fixed timestamp). */
    @Test
    void aBuildTool() throws Exception {
        Path maven = Path.of(System.getProperty("maven.home")).resolve("bin/mvn");
        List<String> digests = new ArrayList<>();
        Path project = work.resolve("project"); // one directory: Maven records absolute paths in target/maven-status
        for (String runtime : List.of("stock", "image")) {
            if (Files.exists(project)) {
                try (var all = Files.walk(project)) {
                    for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(project.resolve("src/main/java/hello"));
            Files.createDirectories(project.resolve("src/main/resources"));
            Files.writeString(project.resolve("pom.xml"), """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <groupId>example</groupId>
                      <artifactId>hello</artifactId>
                      <version>1.0</version>
                      <properties>
                        <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                        <maven.compiler.release>17</maven.compiler.release>
                        <project.build.outputTimestamp>2024-01-01T00:00:00Z</project.build.outputTimestamp>
                      </properties>
                      <build>
                        <plugins>
                          <plugin>
                            <groupId>org.apache.maven.plugins</groupId>
                            <artifactId>maven-compiler-plugin</artifactId>
                            <version>3.14.1</version>
                          </plugin>
                        </plugins>
                      </build>
                    </project>
                    """);
            Files.writeString(project.resolve("src/main/java/hello/Hello.java"),
                    "package hello;\n\n/** Says hello. */\npublic class Hello {\n    public static void main(String[] a) {\n"
                            + "        System.out.println(\"hello \" + java.util.List.of(a));\n    }\n}\n");
            Files.writeString(project.resolve("src/main/resources/hello.properties"), "greeting=hi\n");
            Path javaHome = runtime.equals("stock") ? Runtimes.stockJava().getParent().getParent() : Runtimes.toolsImageJava().getParent().getParent();
            String options = "-Dsun.misc.unsafe.memory.access=allow" + (runtime.equals("image") ? " -Drusticated.trace=" + work.resolve("trace-maven.txt") : "");
            Launch.Result r = Launch.of(maven.toString(), "-o", "-q", "-B", "-Dmaven.test.skip", "package").in(project)
                    .env("JAVA_HOME", javaHome.toString()).env("MAVEN_OPTS", options).run();
            assertThat(r).as(runtime).isEqualTo(new Launch.Result(0, "", ""));
            digests.add(JdkOutputs.digest(project.resolve("target")));
        }
        assertThat(digests.get(1)).as("what Maven built on the image").isEqualTo(digests.get(0)).contains("hello-1.0.jar", "hello/Hello.class");
        assertServed("maven", 300);
    }
}
