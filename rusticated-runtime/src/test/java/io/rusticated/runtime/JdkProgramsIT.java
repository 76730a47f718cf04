package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain JDK programs (package {@code jdkprograms}, nothing but {@code java.*}) run on the image
 * and on the stock JDK: each must succeed, say nothing on stderr, and print exactly the same.
 * On the image, the trace ({@code -Drusticated.trace}) must show that rusticated served the
 * program's file calls: each hand-over to the JDK it names must be one this program is expected
 * to cause, and the program's operations must be there.
 */
class JdkProgramsIT {
    private static final Pattern HAND_OVER = Pattern.compile("# jdk: (\\S+) handed to the JDK \\((\\w+)\\)");

    /**
     * The calls each program hands to the JDK ("method REASON" and how often): what rusticated
     * never serves (views, isSameFile inside Files.mismatch, isHidden, readSymbolicLink, the zip
     * provider's probe of the default provider), COPY_ATTRIBUTES and an unknown attribute view.
     * Every other call is served.
     */
    private static final Map<String, Map<String, Integer>> HANDED_OVER = Map.of(
            "FileCopy", Map.of("copy OPTIONS", 1, "isSameFile NOT_SERVED", 6),
            "DirWalk", Map.of(),
            "Attributes", Map.of("getFileAttributeView NOT_SERVED", 4, "isHidden NOT_SERVED", 5, "isSameFile NOT_SERVED", 2,
                    "readAttributes(String) ATTRIBUTES", 1, "readSymbolicLink NOT_SERVED", 2, "setAttribute NOT_SERVED", 1),
            "AsyncReads", Map.of(),
            "ZipFs", Map.of("getFileAttributeView NOT_SERVED", 4, "newFileSystem NOT_SERVED", 4),
            "AioEcho", Map.of());

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FileCopy", "DirWalk", "Attributes", "AsyncReads", "ZipFs", "AioEcho"})
    void sameOutputOnTheImageAndTheStockJdk(String program) throws Exception {
        Path trace = work.resolve("trace.txt");
        Launch.Result stock = run(Runtimes.stockJava(), program, Files.createDirectory(work.resolve("stock")), List.of());
        Launch.Result image = run(Runtimes.imageJava(), program, Files.createDirectory(work.resolve("image")),
                List.of("-Drusticated.trace=" + trace));

        assertThat(stock.exitCode()).as("the stock JDK run; %s", stock).isZero();
        assertThat(stock.stderr()).as("the stock JDK run; %s", stock).isEmpty();
        assertThat(stock.stdout()).as("the program prints something").isNotBlank();
        assertThat(image.stderr()).as("image stderr; %s", image).isEmpty();
        assertThat(image.stdout()).as("image stdout").isEqualTo(stock.stdout());
        assertThat(image.exitCode()).as("image exit code; %s", image).isZero();

        List<String> lines = Files.readAllLines(trace);
        Map<String, Integer> handedOver = new TreeMap<>();
        List<String> operations = new ArrayList<>();
        for (String l : lines) {
            Matcher m = HAND_OVER.matcher(l);
            if (m.matches()) {
                handedOver.merge(m.group(1) + " " + m.group(2), 1, Integer::sum);
            } else if (!l.startsWith("#")) {
                operations.add(l);
            }
        }
        assertThat(handedOver).as("calls handed to the JDK, in the trace\n%s", String.join("\n", lines))
                .isEqualTo(HANDED_OVER.get(program));
        assertThat(operations).as("operations served by rusticated").hasSizeGreaterThan(100);
    }

    /** What differed from the JDK beyond bytes (issue 15): pool figures, handler threads, keys, secure streams. */
    @Test
    void theCompatibilityProgramSeesWhatTheStockJdkShows() throws Exception {
        Launch.Result stock = run(Runtimes.stockJava(), "Compat", Files.createDirectory(work.resolve("stock")), List.of());
        Launch.Result image = run(Runtimes.imageJava(), "Compat", Files.createDirectory(work.resolve("image")), List.of("-Drusticated.trace=" + work.resolve("trace.txt")));
        assertThat(stock.exitCode()).as("%s", stock).isZero();
        assertThat(stock.stdout()).contains("direct pool grew by 1 buffers, 4096 bytes", "handler on handler-1", "secure directory stream: true");
        assertThat(image).isEqualTo(stock);
        assertThat(Files.readString(work.resolve("trace.txt"))).as("served by rusticated").contains("READ_DIR");
    }

    /** The AIO echo program's sockets are rusticated's on the image: its trace shows their operations. */
    @Test
    void theAioEchoProgramRunsOnTheLoop() throws Exception {
        Path trace = work.resolve("trace.txt");
        Launch.Result r = run(Runtimes.imageJava(), "AioEcho", work, List.of("-Drusticated.trace=" + trace));
        assertThat(r.exitCode()).as("%s", r).isZero();
        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).anyMatch(l -> l.matches("ACCEPT handle=\\d+ -> \\d+"))
                .anyMatch(l -> l.matches("CONNECT handle=\\d+ -> ok"))
                .anyMatch(l -> l.matches("CONNECT handle=\\d+ -> failed ConnectException"))
                .anyMatch(l -> l.matches("SEND handle=\\d+ offset=-1 length=\\d+ -> \\d+"))
                .anyMatch(l -> l.matches("RECV handle=\\d+ offset=-1 length=\\d+ -> \\d+"))
                .anyMatch(l -> l.matches("RECV handle=\\d+ offset=-1 length=16 -> cancelled")); // the read that timed out
    }

    /** The image run gets {@code rusticated.backend} when the build sets it (say, -Drusticated.backend=epoll). */
    private static Launch.Result run(Path java, String program, Path dir, List<String> options) {
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(options);
        String backend = System.getProperty("rusticated.backend");
        if (!options.isEmpty() && backend != null) {
            cmd.add("-Drusticated.backend=" + backend);
        }
        cmd.addAll(List.of("-cp", Runtimes.programClasses().toString(), "jdkprograms." + program, dir.toString()));
        return Launch.of(cmd).in(dir).run();
    }
}
