package io.rusticated.runtime;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's mandate: it depends visibly only on the JDK. No file of its module (sources, pom,
 * README) and nothing in its jar names rusticated in any case; its pom has no parent and no
 * dependency at all.
 */
class DemoIsPlainJavaIT {
    private static final String WORD = "rusticated";

    @Test
    void noFileOfTheDemoModuleNamesRusticated() throws IOException {
        Path demo = Runtimes.demoDir();
        List<Path> files;
        try (Stream<Path> s = Files.walk(demo)) {
            // target/ is build output; the jar it holds is checked below
            files = s.filter(Files::isRegularFile).filter(p -> !demo.relativize(p).startsWith("target")).toList();
        }
        assertThat(files).extracting(p -> demo.relativize(p).toString()).contains("pom.xml", "README.md", "src/main/java/demo/Main.java");
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            assertThat(text).as("content of %s", f).doesNotContain(WORD);
            assertThat(demo.relativize(f).toString().toLowerCase(Locale.ROOT)).doesNotContain(WORD);
        }
    }

    @Test
    void thePomHasNoParentAndNoDependencies() throws IOException {
        String pom = Files.readString(Runtimes.demoDir().resolve("pom.xml"));
        assertThat(pom).doesNotContain("<parent>").doesNotContain("<dependency>").doesNotContain("<dependencies>");
    }

    @Test
    void nothingInTheJarNamesRusticated() throws IOException {
        try (JarFile jar = new JarFile(Runtimes.demoJar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("demo.Main");
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertThat(names).contains("demo/Main.class");
            for (var e : jar.stream().toList()) {
                assertThat(e.getName().toLowerCase(Locale.ROOT)).doesNotContain(WORD);
                try (InputStream in = jar.getInputStream(e)) {
                    String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                    assertThat(text).as("entry %s", e.getName()).doesNotContain(WORD);
                }
            }
        }
    }
}
