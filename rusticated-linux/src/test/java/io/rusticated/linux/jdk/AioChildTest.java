package io.rusticated.linux.jdk;

import io.rusticated.linux.jdk.ChildJvm.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider selected in child JVMs, as on the image: with a backend, the same program prints
 * the same as on the JDK's provider, the default group's properties honoured alike; without one,
 * everything is handed to the JDK's provider, or, lacking the export that reaches it, every open
 * fails saying what to add.
 */
class AioChildTest {
    static final String SELECT = "-Djava.nio.channels.spi.AsynchronousChannelProvider=io.rusticated.jdk.RusticatedAsynchronousChannelProvider";
    static final String EXPORT = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String FACTORY = "-Djava.nio.channels.DefaultThreadPool.threadFactory=" + AioChild.Factory.class.getName();

    @TempDir
    Path dir;

    private Run run(List<String> classPath, String... options) throws Exception {
        return run(classPath, List.of(options), List.of());
    }

    private Run run(List<String> classPath, List<String> options, List<String> args) throws Exception {
        List<String> launch = new ArrayList<>(List.of("-cp", String.join(java.io.File.pathSeparator, classPath), AioChild.class.getName()));
        launch.addAll(args);
        return ChildJvm.run(dir, options, launch, "", false);
    }

    @Test
    void bothLinuxBackendsServeTheChannels() throws Exception {
        Run run = run(ChildJvm.classPath(), List.of(SELECT, EXPORT, "-Drusticated.backend=epoll"), List.of("describe"));
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                provider RusticatedAsynchronousChannelProvider[rusticated on epoll]
                threads the factory made at start: 0
                channel io.rusticated.jdk.RusticatedAsynchronousSocketChannel
                read 5 bytes on a daemon thread: hello
                """);
        Run io = run(ChildJvm.classPath(), List.of(SELECT, EXPORT, "-Drusticated.backend=io_uring"), List.of("describe"));
        assertThat(io.err()).isEmpty();
        assertThat(io.out()).isEqualTo("""
                provider RusticatedAsynchronousChannelProvider[rusticated on io_uring]
                threads the factory made at start: 0
                channel io.rusticated.jdk.RusticatedAsynchronousSocketChannel
                read 5 bytes on a daemon thread: hello
                """);
    }

    @Test
    void theDefaultGroupHonoursTheJdksPropertiesAsTheJdkDoes() throws Exception {
        AioOracle.requireServed();
        Run jdk = run(ChildJvm.classPath(), FACTORY, "-Djava.nio.channels.DefaultThreadPool.initialSize=2");
        Run ours = run(ChildJvm.classPath(), FACTORY, "-Djava.nio.channels.DefaultThreadPool.initialSize=2", SELECT, EXPORT);
        assertThat(jdk.err()).isEmpty();
        assertThat(ours.err()).isEmpty();
        assertThat(jdk.out()).contains("threads the factory made at start: 2\n", "read 5 bytes on a daemon thread of the factory: hello\n");
        assertThat(ours.out()).isEqualTo(jdk.out().replace("LinuxAsynchronousChannelProvider", "RusticatedAsynchronousChannelProvider")
                .replace("sun.nio.ch.UnixAsynchronousSocketChannelImpl", "io.rusticated.jdk.RusticatedAsynchronousSocketChannel"));
        assertThat(ours.trace()).containsPattern("RECV handle=\\d+ offset=-1 length=16 -> 5");

        Run jdkDefault = run(ChildJvm.classPath());
        Run oursDefault = run(ChildJvm.classPath(), SELECT, EXPORT);
        assertThat(jdkDefault.out()).contains("read 5 bytes on a daemon thread: hello\n");
        assertThat(oursDefault.out()).endsWith("read 5 bytes on a daemon thread: hello\n");

        Run jdkBad = run(ChildJvm.classPath(), "-Djava.nio.channels.DefaultThreadPool.initialSize=many");
        Run oursBad = run(ChildJvm.classPath(), "-Djava.nio.channels.DefaultThreadPool.initialSize=many", SELECT, EXPORT);
        assertThat(jdkBad.out()).endsWith("open: java.lang.Error: Value of property 'java.nio.channels.DefaultThreadPool.initialSize' is invalid: "
                + "java.lang.NumberFormatException: For input string: \"many\"\n");
        assertThat(oursBad.out()).isEqualTo(jdkBad.out().replace("LinuxAsynchronousChannelProvider", "RusticatedAsynchronousChannelProvider"));
    }

    @Test
    void withoutABackendTheJdksProviderServesThem() throws Exception {
        Run run = run(ChildJvm.classPathWithoutBackend(), SELECT, EXPORT);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                provider RusticatedAsynchronousChannelProvider
                threads the factory made at start: 0
                channel sun.nio.ch.UnixAsynchronousSocketChannelImpl
                read 5 bytes on a daemon thread: hello
                """);
        assertThat(run.trace()).isEmpty();
    }

    @Test
    void withoutABackendOrTheExportEachOpenSaysWhatIsMissing() throws Exception {
        Run run = run(ChildJvm.classPathWithoutBackend(), SELECT);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("""
                provider RusticatedAsynchronousChannelProvider
                open: java.io.IOException: rusticated could not start, and the JDK's asynchronous channel provider cannot be reached (""")
                .endsWith("): add --add-exports java.base/sun.nio.ch=ALL-UNNAMED\n");
    }
}
