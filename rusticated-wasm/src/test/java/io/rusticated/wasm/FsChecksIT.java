package io.rusticated.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusticated.wasm.guest.FsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles {@link FsChecks} with TeaVM against rusticated's jar, runs it in the guest on the Node
 * host in a fresh directory, and reports each of its checks as a test.
 */
class FsChecksIT {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> inTheGuestOnTheNodeHost() throws Exception {
        Path wasm = Guests.compile(FsChecks.class);
        Launch.Result r = Launch.of(Guests.onNode(wasm, dir.toString())).run();
        List<DynamicTest> tests = new ArrayList<>();
        int checks = 0;
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("ok ")) {
                checks++;
                tests.add(DynamicTest.dynamicTest(line.substring(3), () -> { }));
            } else if (line.startsWith("FAIL ")) {
                checks++;
                String what = line.substring(5);
                tests.add(DynamicTest.dynamicTest(what.substring(0, what.indexOf(':')), () -> {
                    throw new AssertionError(what);
                }));
            }
        }
        int ran = checks;
        tests.add(DynamicTest.dynamicTest("the guest ran every check and exited as it reported", () -> {
            assertThat(r.stderr()).as("%s", r).isEmpty();
            assertThat(ran).as("%s", r).isEqualTo(19);
            assertThat(r.stdout()).as("%s", r).contains("\n" + ran + " passed, 0 failed\n");
            assertThat(r.exitCode()).as("%s", r).isZero();
            assertThat(Files.list(dir).count()).as("files the checks made").isPositive();
        }));
        return tests.stream();
    }
}
